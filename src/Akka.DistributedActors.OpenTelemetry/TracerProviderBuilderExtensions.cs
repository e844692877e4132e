using Akka.DistributedActors;

namespace OpenTelemetry.Trace;

/// <summary>Registers the spans of Akka.DistributedActors with an OpenTelemetry tracer provider.</summary>
public static class TracerProviderBuilderExtensions
{
    /// <summary>
    /// Exports the client, server and internal spans of distributed-actor calls (source "Akka.DistributedActors") and, unless
    /// <paramref name="includeClusterSpans"/> is false, the short spans of cluster changes ("Akka.DistributedActors.Cluster").
    /// </summary>
    public static TracerProviderBuilder AddDistributedActorsInstrumentation(this TracerProviderBuilder builder, bool includeClusterSpans = true)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddSource(DistributedActorsTelemetry.ActivitySourceName);
        return includeClusterSpans ? builder.AddSource(DistributedActorsTelemetry.ClusterActivitySourceName) : builder;
    }
}
