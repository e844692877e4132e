namespace Akka.DistributedActors;

/// <summary>What a custom strategy factory gets (<see cref="DowningStrategySettings.Custom"/>): this node and the settings it started with.</summary>
public sealed class DowningContext
{
    /// <summary>Creates a context for the node <paramref name="selfNode"/> started with <paramref name="settings"/>.</summary>
    public DowningContext(UniqueNode selfNode, ClusterSystemSettings settings)
    {
        SelfNode = selfNode ?? throw new ArgumentNullException(nameof(selfNode));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    /// <summary>The node the strategy runs on (compare with <see cref="Cluster.Membership.Leader"/> to know whether it leads).</summary>
    public UniqueNode SelfNode { get; }

    /// <summary>The settings of the system the strategy runs in.</summary>
    public ClusterSystemSettings Settings { get; }
}
