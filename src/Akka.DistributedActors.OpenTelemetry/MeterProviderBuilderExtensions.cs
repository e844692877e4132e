using Akka.DistributedActors;

namespace OpenTelemetry.Metrics;

/// <summary>Registers the instruments of Akka.DistributedActors with an OpenTelemetry meter provider.</summary>
public static class MeterProviderBuilderExtensions
{
    /// <summary>Exports every instrument of the "Akka.DistributedActors" meter (calls, invocations, membership, downing, receptionist).</summary>
    public static MeterProviderBuilder AddDistributedActorsInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(DistributedActorsTelemetry.MeterName);
    }
}
