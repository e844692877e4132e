namespace Akka.DistributedActors;

/// <summary>Membership gossip and leader timings (<c>akka.cluster.*-interval</c>); defaults are Akka's.</summary>
public sealed class GossipSettings
{
    /// <summary>How often membership gossip is sent (Swift's <c>membershipGossipInterval</c>); default 1 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the leader moves members up and removes downed ones; default 1 s.</summary>
    public TimeSpan LeaderActionsInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often unreachable members are re-evaluated; default 1 s.</summary>
    public TimeSpan UnreachableNodesReaperInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Delay before the periodic cluster tasks first run; default 1 s.</summary>
    public TimeSpan PeriodicTasksInitialDelay { get; set; } = TimeSpan.FromSeconds(1);
}
