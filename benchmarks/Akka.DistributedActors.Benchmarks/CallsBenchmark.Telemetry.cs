using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>calls --telemetry off,metrics,traces,all[,kept]</c>: the facade's throughput, CPU and bytes per call with nothing listening and
/// with the library's metrics, traces or both exported to OpenTelemetry's in-memory exporter, side by side, levels interleaved as
/// the modes are.
/// </summary>
internal static partial class CallsBenchmark
{
    private enum TelemetryLevel
    {
        Off,
        Metrics,
        Traces,
        All,
        Kept,
    }

    private static TelemetryLevel[] ParseTelemetry(string value)
    {
        var levels = value.Split(',').Select(part => part.Trim() switch
        {
            "off" => TelemetryLevel.Off,
            "metrics" => TelemetryLevel.Metrics,
            "traces" => TelemetryLevel.Traces,
            "all" => TelemetryLevel.All,
            "kept" => TelemetryLevel.Kept,
            _ => throw new UsageException($"--telemetry \"{value}\" is not a comma-separated list of off, metrics, traces, all, kept"),
        }).Distinct().Order().ToArray();
        return levels.Length > 0 ? levels : throw new UsageException("--telemetry needs at least one of off, metrics, traces, all");
    }

    private static async Task TelemetryTableAsync(TelemetryLevel[] levels, int[] callerCounts, int rounds, TimeSpan window, Func<int, Task<Round>> facadeRound)
    {
        var headers = new List<string> { "callers" };
        headers.AddRange(levels.Select(l => $"{Name(l)} calls/s"));
        if (levels.Contains(TelemetryLevel.Off)) headers.AddRange(levels.Where(l => l != TelemetryLevel.Off).Select(l => $"{Name(l)} / off"));
        headers.AddRange(levels.Select(l => $"{Name(l)} CPU µs/call"));
        headers.AddRange(levels.Select(l => $"{Name(l)} bytes/call"));
        headers.AddRange(levels.Select(l => $"{Name(l)} ctx switches/call"));
        headers.AddRange(levels.Select(l => $"{Name(l)} calls per batch"));
        headers.AddRange(levels.Select(l => $"{Name(l)} replies per batch"));
        var table = new MarkdownTable([.. headers]);
        var spansPerCall = new List<string>();
        foreach (var callers in callerCounts)
        {
            var results = levels.ToDictionary(l => l, _ => new List<Round>());
            var spans = levels.ToDictionary(l => l, _ => new List<double>());
            // One unmeasured window per level first: the providers' code and the traced call path are compiled and tiered up
            // there, not in the first measured window of each level.
            foreach (var level in levels)
            {
                using var warmUp = Export(level);
                await facadeRound(callers);
            }
            for (var round = 0; round < rounds; round++)
            {
                foreach (var level in levels.Skip(round % levels.Length).Concat(levels.Take(round % levels.Length)))
                {
                    using var exported = Export(level);
                    var result = await facadeRound(callers);
                    results[level].Add(result);
                    spans[level].Add(exported.Spans.Added / Math.Max(1, result.Calls));
                }
            }
            spansPerCall.AddRange(levels.Where(l => l is TelemetryLevel.Traces or TelemetryLevel.All or TelemetryLevel.Kept)
                .Select(l => $"{Name(l)} at {callers}: {Stats.Median(spans[l]):0.00}"));
            var rate = levels.ToDictionary(l => l, l => Stats.Median(results[l].Select(r => r.Rate).ToList()));
            var cells = new List<object> { callers };
            cells.AddRange(levels.Select(l => (object)rate[l]));
            if (levels.Contains(TelemetryLevel.Off)) cells.AddRange(levels.Where(l => l != TelemetryLevel.Off).Select(l => (object)(rate[l] / rate[TelemetryLevel.Off])));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.CpuMicrosPerCall).ToList())));
            cells.AddRange(levels.Select(l => (object)Math.Round(Stats.Median(results[l].Select(r => r.BytesPerCall).ToList()))));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.SwitchesPerCall).ToList())));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.CallsPerBatch).ToList())));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.RepliesPerBatch).ToList())));
            table.Row([.. cells]);
        }
        Console.WriteLine($"## Facade throughput by telemetry ({window.TotalSeconds:0.#} s windows, median of {rounds})");
        Console.WriteLine();
        Console.WriteLine("off: nothing listens; metrics / traces / all: OpenTelemetry providers with AddDistributedActorsInstrumentation() and the in-memory exporter " +
            "(always sampled), whose collection counts the spans and holds none; kept: traces into a list that holds every span of the window.");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        if (spansPerCall.Count > 0) Console.WriteLine($"Spans exported per call (client and server, both systems in this process): {string.Join(", ", spansPerCall)}.");
        Console.WriteLine();
    }

    private static string Name(TelemetryLevel level) => level.ToString().ToLowerInvariant();

    /// <summary>The providers of one measurement window; disposing them flushes and stops listening.</summary>
    private static Providers Export(TelemetryLevel level)
    {
        var spans = new SpanSink(keep: level == TelemetryLevel.Kept);
        var metrics = new List<Metric>();
        var tracing = level is TelemetryLevel.Traces or TelemetryLevel.All or TelemetryLevel.Kept
            ? Sdk.CreateTracerProviderBuilder().AddDistributedActorsInstrumentation().SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build()
            : null;
        var metering = level is TelemetryLevel.Metrics or TelemetryLevel.All
            ? Sdk.CreateMeterProviderBuilder().AddDistributedActorsInstrumentation().AddInMemoryExporter(metrics).Build()
            : null;
        return new Providers(tracing, metering, spans);
    }

    private sealed class Providers(TracerProvider? tracing, MeterProvider? metering, SpanSink spans) : IDisposable
    {
        public SpanSink Spans { get; } = spans;

        public void Dispose()
        {
            tracing?.Dispose();
            metering?.Dispose();
        }
    }

    /// <summary>
    /// What the in-memory exporter adds the spans to: it counts them and, unless <c>keep</c>, holds none. A list that holds every
    /// span of a window (level <c>kept</c>) measures the list, whose hundreds of thousands of live spans make every collection
    /// a full one, not the telemetry; an exporter that ships spans lets them go.
    /// </summary>
    private sealed class SpanSink(bool keep) : ICollection<Activity>
    {
        private readonly List<Activity> _kept = [];
        private long _added;

        public long Added => Interlocked.Read(ref _added);

        public int Count => _kept.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item)
        {
            Interlocked.Increment(ref _added);
            if (keep) _kept.Add(item);
        }

        public void Clear() => _kept.Clear();

        public bool Contains(Activity item) => _kept.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _kept.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => _kept.Remove(item);

        public IEnumerator<Activity> GetEnumerator() => _kept.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
