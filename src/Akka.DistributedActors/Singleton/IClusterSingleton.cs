namespace Akka.DistributedActors;

/// <summary>
/// Optional hooks of a <see cref="DistributedActor"/> class hosted as a cluster singleton (Swift's <c>ClusterSingleton</c>
/// protocol): each runs as a turn of the actor, <see cref="ActivateAsync"/> right after the instance is created on its node and
/// <see cref="PassivateAsync"/> before it stops because the singleton hands over to another node.
/// </summary>
public interface IClusterSingleton
{
    /// <summary>Runs as the instance's first turn on the node that now hosts the singleton.</summary>
    Task ActivateAsync();

    /// <summary>Runs before the instance stops for a hand-over; the next instance starts after it completes (bounded by the settings' <see cref="ClusterSingletonSettings.PassivationTimeout"/>).</summary>
    Task PassivateAsync();
}
