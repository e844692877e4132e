using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>calls --telemetry off,metrics,traces,all</c>: the facade's throughput with nothing listening and with the library's metrics,
/// traces or both exported to OpenTelemetry's in-memory exporter, side by side, levels interleaved as the modes are.
/// </summary>
internal static partial class CallsBenchmark
{
    private enum TelemetryLevel
    {
        Off,
        Metrics,
        Traces,
        All,
    }

    private static TelemetryLevel[] ParseTelemetry(string value)
    {
        var levels = value.Split(',').Select(part => part.Trim() switch
        {
            "off" => TelemetryLevel.Off,
            "metrics" => TelemetryLevel.Metrics,
            "traces" => TelemetryLevel.Traces,
            "all" => TelemetryLevel.All,
            _ => throw new UsageException($"--telemetry \"{value}\" is not a comma-separated list of off, metrics, traces, all"),
        }).Distinct().Order().ToArray();
        return levels.Length > 0 ? levels : throw new UsageException("--telemetry needs at least one of off, metrics, traces, all");
    }

    private static async Task TelemetryTableAsync(TelemetryLevel[] levels, int[] callerCounts, int rounds, TimeSpan window, Func<int, Task<Round>> facadeRound)
    {
        var headers = new List<string> { "callers" };
        headers.AddRange(levels.Select(l => $"{Name(l)} calls/s"));
        if (levels.Contains(TelemetryLevel.Off)) headers.AddRange(levels.Where(l => l != TelemetryLevel.Off).Select(l => $"{Name(l)} / off"));
        var table = new MarkdownTable([.. headers]);
        foreach (var callers in callerCounts)
        {
            var results = levels.ToDictionary(l => l, _ => new List<double>());
            for (var round = 0; round < rounds; round++)
            {
                foreach (var level in levels.Skip(round % levels.Length).Concat(levels.Take(round % levels.Length)))
                {
                    using var exported = Export(level);
                    results[level].Add((await facadeRound(callers)).Rate);
                }
            }
            var rate = levels.ToDictionary(l => l, l => Stats.Median(results[l]));
            var cells = new List<object> { callers };
            cells.AddRange(levels.Select(l => (object)rate[l]));
            if (levels.Contains(TelemetryLevel.Off)) cells.AddRange(levels.Where(l => l != TelemetryLevel.Off).Select(l => (object)(rate[l] / rate[TelemetryLevel.Off])));
            table.Row([.. cells]);
        }
        Console.WriteLine($"## Facade throughput by telemetry ({window.TotalSeconds:0.#} s windows, median of {rounds})");
        Console.WriteLine();
        Console.WriteLine("off: nothing listens; metrics / traces / all: OpenTelemetry providers with AddDistributedActorsInstrumentation() and the in-memory exporter (always sampled).");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
    }

    private static string Name(TelemetryLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The providers of one measurement window; disposing them flushes and stops listening.</summary>
    private static Providers Export(TelemetryLevel level)
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        var tracing = level is TelemetryLevel.Traces or TelemetryLevel.All
            ? Sdk.CreateTracerProviderBuilder().AddDistributedActorsInstrumentation().SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build()
            : null;
        var metering = level is TelemetryLevel.Metrics or TelemetryLevel.All
            ? Sdk.CreateMeterProviderBuilder().AddDistributedActorsInstrumentation().AddInMemoryExporter(metrics).Build()
            : null;
        return new Providers(tracing, metering);
    }

    private sealed class Providers(TracerProvider? tracing, MeterProvider? metering) : IDisposable
    {
        public void Dispose()
        {
            tracing?.Dispose();
            metering?.Dispose();
        }
    }
}
