using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// Cluster singletons of distributed actors (Swift's <c>system.singleton</c>) on Akka's ClusterSingletonManager/Proxy: one
/// instance per name in the cluster, on the oldest member (with the settings' role), moved to the next oldest when that member
/// leaves or goes down. Obtain it from <see cref="ClusterSystem.Singleton"/>.
/// </summary>
public sealed class ClusterSingletonControl
{
    private readonly ClusterSystem _system;
    private readonly ConcurrentDictionary<string, (Type Interface, IDistributedActor Proxy)> _proxies = new();
    private readonly ConcurrentDictionary<string, bool> _hosted = new();

    internal ClusterSingletonControl(ClusterSystem system)
    {
        _system = system;
        // The manager reads further settings (e.g. min-number-of-hand-over-retries) from akka.cluster.singleton.
        system.ActorSystem.Settings.InjectTopLevelFallback(Akka.Cluster.Tools.Singleton.ClusterSingleton.DefaultConfig());
    }

    /// <summary>
    /// Lets this node host singleton <paramref name="name"/> (Swift's <c>host(_:name:settings:factory:)</c>) and returns a proxy to
    /// it. Call it with the same name on every node that may host the instance; <paramref name="factory"/> runs on the node chosen,
    /// each time the singleton (re)starts there. Hosting the same name twice on one node throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public T Host<T>(string name, Func<T> factory, ClusterSingletonSettings? settings = null) where T : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(factory);
        settings ??= new ClusterSingletonSettings();
        ValidateName(name);
        settings.Validate();
        if (!_hosted.TryAdd(name, true)) throw new InvalidOperationException($"Singleton '{name}' is already hosted by {_system}.");
        var managerSettings = new ClusterSingletonManagerSettings(SingletonPaths.ChildName, settings.Role, TimeSpan.Zero,
            settings.HandOverRetryInterval, considerAppVersion: false);
        var runtime = _system.Actors;
        var child = SingletonHostActor.Props(runtime, parent =>
        {
            object? instance = null;
            var proxy = runtime.Locals.Spawn<T>(() => instance = factory(), name, name, parent);
            return (proxy, instance!);
        }, name, settings.PassivationTimeout);
        ((ExtendedActorSystem)_system.ActorSystem).SystemActorOf(
            ClusterSingletonManager.Props(child, SingletonHandOver.Instance, managerSettings), SingletonPaths.ManagerName(name));
        return Proxy<T>(name, settings);
    }

    /// <summary>
    /// A proxy of singleton <paramref name="name"/>, hosted by whichever node runs it now (Swift's <c>proxy(_:name:)</c>); calls wait
    /// while no instance is allocated, as <paramref name="settings"/> allow (default <see cref="ClusterSingletonSettings"/>; its
    /// <see cref="ClusterSingletonSettings.Role"/> must match the hosts'). The first call for a name fixes its settings on this node.
    /// </summary>
    public T Proxy<T>(string name, ClusterSingletonSettings? settings = null) where T : class, IDistributedActor
    {
        ValidateName(name);
        settings ??= new ClusterSingletonSettings();
        settings.Validate();
        var entry = _proxies.GetOrAdd(name, n =>
        {
            var router = ((ExtendedActorSystem)_system.ActorSystem).SystemActorOf(
                SingletonRouter.Props(n, SingletonPaths.ManagerPath(n), settings, _system.Settings.RemoteCall.DefaultTimeout), SingletonPaths.RouterName(n));
            // The router is the target even on this node: calls always go through it as messages, never in memory.
            var runtime = _system.Actors;
            var target = new ProxyTarget(runtime, runtime.Locals.IdOf(router), router);
            return (typeof(T), DistributedInterfaceRegistry.Get(typeof(T), runtime.Log).CreateProxy(target));
        });
        return entry.Proxy as T ?? throw new InvalidOperationException(
            $"Singleton '{name}' was first used as {entry.Interface.Name} on {_system}; it cannot also be a {typeof(T).Name}.");
    }

    private static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!ActorPath.IsValidPathElement(SingletonPaths.RouterName(name)))
            throw new ArgumentException($"Singleton name \"{name}\" must be a valid Akka actor name (letters, digits, -_.*$+:@&=,!~';).", nameof(name));
    }
}
