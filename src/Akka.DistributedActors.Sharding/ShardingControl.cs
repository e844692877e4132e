using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Akka.DistributedActors.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.DistributedActors;

/// <summary>
/// Sharded distributed actors of one <see cref="ClusterSystem"/> (virtual actors over Akka.Cluster.Sharding): actors addressed by
/// type and key, activated on the node that owns the key's shard at their first call, passivated when idle, moved when nodes
/// join or leave. Obtain it as <c>system.Sharding</c>. The type name of an interface is its name (e.g. <c>IAccount</c>).
/// </summary>
public sealed class ShardingControl
{
    private static readonly ConditionalWeakTable<ClusterSystem, ShardingControl> Controls = new();

    private readonly ClusterSystem _system;
    private readonly ActorRuntime _runtime;
    private readonly ClusterSharding _sharding;
    private readonly IActorRefProvider _provider;
    private readonly ConcurrentDictionary<string, Lazy<Region>> _regions = new();

    private ShardingControl(ClusterSystem system)
    {
        _system = system;
        _runtime = system.Actors;
        var akka = (ExtendedActorSystem)system.ActorSystem;
        _provider = akka.Provider;
        _sharding = ClusterSharding.Get(akka);
        // Mapped before any envelope is serialized (a lookup first would cache Akka's JSON fallback for the type).
        var serializer = new ShardEnvelopeSerializer(akka);
        akka.Serialization.AddSerializer(ShardEnvelopeSerializer.Name, serializer);
        akka.Serialization.AddSerializationMap(typeof(ShardedInvocation), serializer);
        akka.Serialization.AddSerializationMap(typeof(ShardedCancel), serializer);
        akka.Serialization.AddSerializationMap(typeof(ShardedWatch), serializer);
        akka.Serialization.AddSerializationMap(typeof(WatchedTerminated), serializer);
        _runtime.AddVirtualTargets(ResolveEntity);
    }

    internal static ShardingControl For(ClusterSystem system) => Controls.GetValue(system, s => new ShardingControl(s));

    /// <summary>
    /// Hosts entities of <typeparamref name="TInterface"/> on this node (call it on every node that may host them, with the same
    /// settings): <paramref name="factory"/> builds the instance for an entity id each time the entity activates here.
    /// <paramref name="configure"/> adjusts the <see cref="ShardingSettings"/> (defaults as documented there). Starting a type
    /// twice on one node throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public void Start<TInterface>(Func<string, TInterface> factory, Action<ShardingSettings>? configure = null)
        where TInterface : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(factory);
        StartRegion(typeof(TInterface), configure, id => factory(id));
    }

    /// <summary>
    /// Hosts entities of <typeparamref name="TInterface"/> built as <typeparamref name="TImpl"/> from the system's service provider
    /// (<see cref="ClusterSystemSettings.Services"/> or Akka.DependencyInjection's), constructor dependencies injected; a
    /// <see cref="string"/> constructor parameter receives the entity id.
    /// </summary>
    public void Start<TInterface, TImpl>(Action<ShardingSettings>? configure = null)
        where TInterface : class, IDistributedActor
        where TImpl : DistributedActor, TInterface
    {
        var services = _system.Services ?? throw new InvalidOperationException(
            $"Sharding.Start<{typeof(TInterface).Name}, {typeof(TImpl).Name}>() needs settings.Services (an IServiceProvider) to build entities.");
        var takesId = typeof(TImpl).GetConstructors().Any(c => c.GetParameters().Any(p => p.ParameterType == typeof(string)));
        StartRegion(typeof(TInterface), configure,
            id => takesId ? ActivatorUtilities.CreateInstance<TImpl>(services, id) : ActivatorUtilities.CreateInstance<TImpl>(services));
    }

    /// <summary>
    /// Lets this node call entities of <typeparamref name="TInterface"/> without hosting any (a proxy-only region). Needed only when
    /// the hosts do not use the default <see cref="ShardingSettings.NumberOfShards"/> or <see cref="ShardingSettings.Role"/>:
    /// <see cref="Get{TInterface}"/> starts a proxy with the defaults otherwise.
    /// </summary>
    public void StartProxy<TInterface>(Action<ShardingSettings>? configure = null) where TInterface : class, IDistributedActor =>
        StartRegion(typeof(TInterface), configure, create: null);

    /// <summary>
    /// A proxy of the entity <paramref name="entityId"/> of <typeparamref name="TInterface"/>, at once and with no round trip; its
    /// first call activates the entity wherever its shard lives. Its <see cref="IDistributedActor.Id"/> is the same on every node
    /// and across activations.
    /// </summary>
    public TInterface Get<TInterface>(string entityId) where TInterface : class, IDistributedActor
    {
        ArgumentException.ThrowIfNullOrEmpty(entityId);
        var typeName = TypeName(typeof(TInterface));
        // Looked up before GetOrAdd, whose factory (it captures this) would be allocated on every call.
        if (!_regions.TryGetValue(typeName, out var known))
            known = _regions.GetOrAdd(typeName, _ => new Lazy<Region>(() => CreateRegion(typeof(TInterface), new ShardingSettings(), null)));
        var region = known.Value;
        if (region.Interface != typeof(TInterface))
            throw new InvalidOperationException($"Sharded type '{typeName}' is {region.Interface.FullName} on {_system}, not {typeof(TInterface).FullName}.");
        return (TInterface)Proxy(region, typeName, entityId);
    }

    private IDistributedActor Proxy(Region region, string typeName, string entityId) =>
        _runtime.Describe(region.Interface).CreateProxy(new ProxyTarget(_runtime, ShardedIds.For(_runtime.Self, typeName, entityId),
            new ShardTarget(region.Ref, entityId, _provider)));

    private IActorRef? ResolveEntity(ActorID id, Type? interfaceType)
    {
        if (!ShardedIds.TryRead(id, out var typeName, out var entityId)) return null;
        Region region;
        if (_regions.TryGetValue(typeName, out var known)) region = known.Value;
        else if (interfaceType is not null && TypeName(interfaceType) == typeName)
        {
            // An ID received from another node, for a type this node has not used yet: a proxy with the default settings.
            region = _regions.GetOrAdd(typeName, _ => new Lazy<Region>(() => CreateRegion(interfaceType, new ShardingSettings(), null))).Value;
        }
        else return null;
        return new ShardTarget(region.Ref, entityId, _provider);
    }

    private void StartRegion(Type interfaceType, Action<ShardingSettings>? configure, Func<string, object>? create)
    {
        var settings = new ShardingSettings();
        configure?.Invoke(settings);
        settings.Validate();
        var typeName = TypeName(interfaceType);
        var added = false;
        var region = _regions.GetOrAdd(typeName, _ =>
        {
            added = true;
            return new Lazy<Region>(() => CreateRegion(interfaceType, settings, create));
        }).Value;
        if (!added)
        {
            throw new InvalidOperationException(
                $"Sharded type '{typeName}' is already {(region.Hosting ? "started" : "used as a proxy")} on {_system}; start it once, before any Get.");
        }
    }

    private Region CreateRegion(Type interfaceType, ShardingSettings settings, Func<string, object>? create)
    {
        _runtime.Describe(interfaceType);
        var typeName = TypeName(interfaceType);
        var akkaSettings = AkkaSettings(settings);
        var extractor = new EntityMessageExtractor(settings.NumberOfShards);
        if (create is null) return new Region(interfaceType, _sharding.StartProxy(typeName, settings.Role!, extractor), Hosting: false);
        var self = _runtime.Self;
        // Akka names each entity's actor after its id, escaped as by Uri.EscapeDataString: every entity of the type shares one Props.
        var props = ActorHost.Props(_runtime, new HostActivation(
            name => ShardedIds.For(self, typeName, Uri.UnescapeDataString(name)),
            name => create(Uri.UnescapeDataString(name)),
            Activate, Passivate, settings.RetryActivationAfter,
            static context => context.Parent.Tell(new Passivate(PassivateHost.Instance))));
        var region = _sharding.Start(typeName, _ => props,
            akkaSettings, extractor, _sharding.DefaultShardAllocationStrategy(akkaSettings), PassivateHost.Instance);
        return new Region(interfaceType, region, Hosting: true);
    }

    private ClusterShardingSettings AkkaSettings(ShardingSettings settings)
    {
        var config = _system.ActorSystem.Settings.Config;
        var ownKeys = string.Join(Environment.NewLine,
            $"remember-entities = {(settings.RememberEntities ? "on" : "off")}",
            "remember-entities-store = ddata",
            "state-store-mode = ddata",
            $"passivate-idle-entity-after = {(settings.PassivateIdleAfter is { } idle ? Milliseconds(idle) : "off")}",
            $"handoff-timeout = {Milliseconds(settings.HandOffTimeout)}");
        var sharding = ConfigurationFactory.ParseString(ownKeys).WithFallback(config.GetConfig("akka.cluster.sharding"));
        var singleton = config.GetConfig(sharding.GetString("coordinator-singleton"));
        return ClusterShardingSettings.Create(sharding, singleton).WithRole(settings.Role);
    }

    private static string Milliseconds(TimeSpan value) => ((long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static Task Activate(DistributedActor actor) => actor is IShardedActor hooks ? hooks.ActivateAsync() : Task.CompletedTask;

    private static Task Passivate(DistributedActor actor) => actor is IShardedActor hooks ? hooks.PassivateAsync() : Task.CompletedTask;

    internal static string TypeName(Type interfaceType)
    {
        var name = interfaceType.Name;
        var tick = name.IndexOf('`');
        return tick >= 0 ? name[..tick] : name;
    }

    private sealed record Region(Type Interface, IActorRef Ref, bool Hosting);
}
