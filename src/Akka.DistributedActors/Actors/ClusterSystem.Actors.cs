using Akka.Actor.Setup;
using Akka.DependencyInjection;
using Akka.DistributedActors.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    private ActorRuntime? _actors;

    internal ActorRuntime Actors => _actors ?? throw new InvalidOperationException($"{this} has no distributed-actor runtime.");

    /// <summary>
    /// Spawns a distributed actor on this node and returns a proxy for it (Swift: <c>Greeter(actorSystem: system)</c>).
    /// <paramref name="factory"/> must construct a new instance of a class deriving <see cref="DistributedActor"/>; its
    /// constructor already sees <see cref="DistributedActor.System"/> and <see cref="DistributedActor.Id"/>.
    /// <paramref name="name"/> is the last path element (default <c>&lt;Interface name without I&gt;-&lt;n&gt;</c>) and must be unique.
    /// </summary>
    public TInterface Spawn<TInterface>(Func<TInterface> factory, string? name = null) where TInterface : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Actors.Locals.Spawn<TInterface>(() => factory(), name, DefaultBaseName(typeof(TInterface)));
    }

    /// <summary>
    /// Spawns a <typeparamref name="TImpl"/> built from <see cref="ClusterSystemSettings.Services"/> (or the service provider
    /// registered with Akka.DependencyInjection on an attached system), constructor dependencies injected.
    /// </summary>
    public TInterface Spawn<TInterface, TImpl>(string? name = null)
        where TInterface : class, IDistributedActor
        where TImpl : DistributedActor, TInterface
    {
        var services = Services ?? throw new InvalidOperationException(
                $"Spawn<{typeof(TInterface).Name}, {typeof(TImpl).Name}>() needs settings.Services (an IServiceProvider) to build the actor.");
        return Actors.Locals.Spawn<TInterface>(() => ActivatorUtilities.CreateInstance<TImpl>(services), name, typeof(TImpl).Name);
    }

    /// <summary>
    /// A proxy of type <typeparamref name="T"/> for the actor <paramref name="id"/>, local or remote (Swift's <c>resolve(id:)</c>).
    /// Resolving never fails for a well-formed ID; calls to an actor that does not exist fail with
    /// <see cref="RemoteCallErrorKind.TargetNotFound"/>.
    /// </summary>
    public T Resolve<T>(ActorID id) where T : class, IDistributedActor => (T)Actors.Resolve(typeof(T), id);

    /// <summary>Non-generic <see cref="Resolve{T}(ActorID)"/>, for serializers: <paramref name="interfaceType"/> must derive <see cref="IDistributedActor"/>.</summary>
    public IDistributedActor Resolve(Type interfaceType, ActorID id) => Actors.Resolve(interfaceType, id);

    /// <summary>
    /// Stops an actor hosted by this system after its current turn; calls waiting for it fail with
    /// <see cref="RemoteCallErrorKind.TargetNotFound"/> and watchers get <see cref="ILifecycleWatch.Terminated"/>. The task
    /// completes once it has stopped. Stopping an actor of another node throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public Task StopAsync(IDistributedActor actor) => Actors.Locals.StopAsync(actor);

    static partial void ConfigureActorsSetup(ClusterSystemSettings settings, ref ActorSystemSetup setup)
    {
        if (settings.Services is not null) setup = setup.And(DependencyResolverSetup.Create(settings.Services));
    }

    partial void OnActorsStarted() => _actors = new ActorRuntime(this, _translator);

    partial void OnActorsShuttingDown() => _actors?.Shutdown();

    /// <summary>The service provider actors are built from: the settings', or the one registered with Akka.DependencyInjection.</summary>
    internal IServiceProvider? Services => Settings.Services ?? ServicesFromAkka();

    private IServiceProvider? ServicesFromAkka()
    {
        var setup = ActorSystem.Settings.Setup.Get<DependencyResolverSetup>();
        return setup.HasValue ? DependencyResolver.For(ActorSystem).Resolver.GetService<IServiceProvider>() : null;
    }

    private static string DefaultBaseName(Type interfaceType)
    {
        var name = interfaceType.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name[1..] : name;
    }
}
