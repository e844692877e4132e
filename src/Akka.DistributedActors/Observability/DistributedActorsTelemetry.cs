namespace Akka.DistributedActors;

/// <summary>
/// The names under which the library publishes its traces and metrics (<c>System.Diagnostics</c> sources, no package needed):
/// subscribe to them with an <c>ActivityListener</c>/<c>MeterListener</c> or OpenTelemetry's <c>AddSource</c>/<c>AddMeter</c>.
/// Every span, tag and instrument is listed in docs/observability.md.
/// </summary>
public static class DistributedActorsTelemetry
{
    /// <summary>The <c>ActivitySource</c> of remote and local calls: "Akka.DistributedActors".</summary>
    public const string ActivitySourceName = "Akka.DistributedActors";

    /// <summary>The <c>ActivitySource</c> of cluster changes (short spans per membership or reachability change): "Akka.DistributedActors.Cluster".</summary>
    public const string ClusterActivitySourceName = "Akka.DistributedActors.Cluster";

    /// <summary>The <c>Meter</c> of every instrument: "Akka.DistributedActors".</summary>
    public const string MeterName = "Akka.DistributedActors";
}
