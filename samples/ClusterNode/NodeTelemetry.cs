using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClusterNode;

/// <summary>The OpenTelemetry providers of --otlp and --console-telemetry: the library's spans and metrics, and nothing else.</summary>
internal sealed class NodeTelemetry(TracerProvider tracing, MeterProvider metering) : IDisposable
{
    /// <summary>Starts exporting as the options ask; null when they ask for nothing.</summary>
    public static NodeTelemetry? Start(NodeOptions options)
    {
        if (options.OtlpEndpoint is null && !options.ConsoleTelemetry) return null;
        var resource = ResourceBuilder.CreateDefault().AddService("ClusterNode", serviceInstanceId: $"{options.Name}@{options.Host}:{options.Port}");
        var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddDistributedActorsInstrumentation();
        var metering = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddDistributedActorsInstrumentation();
        if (options.OtlpEndpoint is { } endpoint)
        {
            tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
            metering.AddOtlpExporter(o => o.Endpoint = endpoint);
        }
        if (options.ConsoleTelemetry)
        {
            tracing.AddConsoleExporter();
            metering.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000);
        }
        return new NodeTelemetry(tracing.Build()!, metering.Build()!);
    }

    public void Dispose()
    {
        tracing.Dispose();
        metering.Dispose();
    }
}
