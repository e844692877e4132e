namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// An event of the cluster event stream. Every subscription first receives one <see cref="Snapshot"/>, then every
    /// later <see cref="MembershipChange"/>, <see cref="ReachabilityChange"/> and <see cref="LeadershipChange"/> exactly once, in order.
    /// </summary>
    public abstract class Event
    {
        private protected Event() { }
    }
}
