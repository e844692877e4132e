namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// Lifecycle status of a member; statuses only move forward: Joining &lt; Up &lt; Leaving &lt; Down &lt; Removed.
    /// Akka's WeaklyUp is reported as <see cref="Up"/> and Exiting as <see cref="Leaving"/> (see docs/mapping.md).
    /// </summary>
    public enum MemberStatus
    {
        /// <summary>Connected to the cluster, waiting for the leader to move it up.</summary>
        Joining = 0,

        /// <summary>Moved up by the leader; a full member.</summary>
        Up = 1,

        /// <summary>Leaving gracefully (Akka's Leaving and Exiting).</summary>
        Leaving = 2,

        /// <summary>Believed dead; peers stop talking to it and the leader will remove it.</summary>
        Down = 3,

        /// <summary>Removed from the cluster; the final status.</summary>
        Removed = 4,
    }
}

/// <summary>Helpers on <see cref="Cluster.MemberStatus"/>.</summary>
public static class MemberStatusExtensions
{
    /// <summary>True when <paramref name="status"/> is <paramref name="atLeast"/> or further along the lifecycle.</summary>
    public static bool IsAtLeast(this Cluster.MemberStatus status, Cluster.MemberStatus atLeast) => status >= atLeast;

    /// <summary>True when <paramref name="status"/> is <paramref name="atMost"/> or earlier in the lifecycle.</summary>
    public static bool IsAtMost(this Cluster.MemberStatus status, Cluster.MemberStatus atMost) => status <= atMost;
}
