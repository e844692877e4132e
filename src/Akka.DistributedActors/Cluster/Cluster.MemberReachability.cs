namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>Whether the failure detector of at least one member currently considers a member unreachable; may flip back and forth.</summary>
    public enum MemberReachability
    {
        /// <summary>Heartbeats arrive as expected.</summary>
        Reachable = 0,

        /// <summary>At least one member's failure detector suspects the member.</summary>
        Unreachable = 1,
    }
}
