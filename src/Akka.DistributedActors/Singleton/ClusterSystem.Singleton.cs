namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    private readonly object _singletonGate = new();
    private ClusterSingletonControl? _singletons;

    /// <summary>Cluster singletons of distributed actors (Swift's <c>system.singleton</c>): host and proxy them by name.</summary>
    public ClusterSingletonControl Singleton
    {
        get
        {
            lock (_singletonGate) return _singletons ??= new ClusterSingletonControl(this);
        }
    }
}
