using System.Text;

namespace Akka.DistributedActors.Internal;

internal static partial class HoconBuilder
{
    internal const string JoinDeciderClass =
        "Akka.DistributedActors.Management.Internal.SelfExcludingJoinDecider, Akka.DistributedActors.Management";

    // Only ClusterBootstrap is configured through HOCON; the other modes are run by the DiscoveryShell.
    static partial void AppendDiscovery(ClusterSystemSettings s, StringBuilder sb)
    {
        if (s.Discovery is not { Bootstrap: { } b } d) return;
        const string root = "akka.management.cluster.bootstrap";
        sb.AppendLine($"{root}.new-cluster-enabled = {OnOff(b.NewClusterEnabled)}");
        sb.AppendLine($"{root}.contact-point-discovery.discovery-method = {Quote(d.Method!)}");
        sb.AppendLine($"{root}.contact-point-discovery.service-name = {Quote(d.ServiceName!)}");
        if (d.PortName is not null) sb.AppendLine($"{root}.contact-point-discovery.port-name = {Quote(d.PortName)}");
        if (b.ServiceNamespace is not null) sb.AppendLine($"{root}.contact-point-discovery.service-namespace = {Quote(b.ServiceNamespace)}");
        sb.AppendLine($"{root}.contact-point-discovery.required-contact-point-nr = {d.RequiredContactPoints}");
        sb.AppendLine($"{root}.contact-point-discovery.stable-margin = {Ms(d.StableMargin)}");
        sb.AppendLine($"{root}.contact-point-discovery.interval = {Ms(d.Interval)}");
        // Akka.Management rejects a backoff maximum below the interval.
        sb.AppendLine($"{root}.contact-point-discovery.exponential-backoff-max = {Ms(d.MaxRetryBackoff > d.Interval ? d.MaxRetryBackoff : d.Interval)}");
        sb.AppendLine($"{root}.contact-point-discovery.resolve-timeout = {Ms(d.ResolveTimeout)}");
        sb.AppendLine($"{root}.contact-point-discovery.contact-with-all-contact-points = {OnOff(b.ContactWithAllContactPoints)}");
        sb.AppendLine($"{root}.contact-point.filter-on-fallback-port = {OnOff(b.FilterOnFallbackPort)}");
        sb.AppendLine($"{root}.contact-point.probe-interval = {Ms(b.ProbeInterval)}");
        sb.AppendLine($"{root}.contact-point.probing-failure-timeout = {Ms(b.ProbingFailureTimeout)}");
        if (b.FallbackPort is { } port) sb.AppendLine($"{root}.contact-point.fallback-port = {port}");
        // Lives in the Management assembly, which runs ClusterBootstrap; see that type for the crash it prevents.
        sb.AppendLine($"{root}.join-decider.class = {Quote(JoinDeciderClass)}");
    }
}
