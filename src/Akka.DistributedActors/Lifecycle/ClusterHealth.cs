namespace Akka.DistributedActors.Lifecycle;

/// <summary>One health decision: healthy or not, and the one-word reason shown to probes.</summary>
internal readonly record struct HealthReport(bool Healthy, string Description);

/// <summary>
/// Liveness and readiness of a node, decided from the facade's own view: what the management endpoint's <c>/health/*</c>
/// routes and the host's health checks both answer.
/// </summary>
internal static class ClusterHealth
{
    /// <summary>Alive while the system runs (not shut down, ActorSystem not terminated).</summary>
    public static HealthReport Alive(ClusterSystem system) =>
        system.IsTerminated ? new(false, "Terminated") : new(true, "OK");

    /// <summary>Ready when this node is an Up member that no member sees as unreachable, and the system runs.</summary>
    public static HealthReport Ready(ClusterSystem system)
    {
        if (system.IsTerminated) return new(false, "Terminated");
        var self = system.Cluster.Member;
        if (self.Status != Cluster.MemberStatus.Up) return new(false, self.Status.ToString());
        return self.Reachability == Cluster.MemberReachability.Reachable ? new(true, "Up") : new(false, "Unreachable");
    }
}
