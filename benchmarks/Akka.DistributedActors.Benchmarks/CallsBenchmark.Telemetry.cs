using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>calls --telemetry off,spin:1,metrics,traces,all[,kept]</c>: the facade's throughput, CPU and bytes per call with nothing
/// listening, with a listener that only busy-waits a known time per call, and with the library's metrics, traces or both exported
/// to OpenTelemetry's in-memory exporter, side by side, levels interleaved as the modes are.
/// </summary>
internal static partial class CallsBenchmark
{
    private enum TelemetryKind
    {
        Off,
        Spin,
        Metrics,
        Traces,
        All,
        Kept,
    }

    /// <summary>A telemetry level; <see cref="SpinMicros"/> is the busy-wait per sampling decision of a <c>spin</c> level.</summary>
    private sealed record TelemetryLevel(TelemetryKind Kind, double SpinMicros = 0)
    {
        public string Name => Kind == TelemetryKind.Spin
            ? $"spin:{SpinMicros.ToString(CultureInfo.InvariantCulture)}"
            : Kind.ToString().ToLowerInvariant();
    }

    private const string TelemetryLevels = "off, spin:<µs>, metrics, traces, all, kept";

    private static TelemetryLevel[] ParseTelemetry(string value)
    {
        var levels = value.Split(',').Select(part => ParseLevel(value, part.Trim()))
            .Distinct().OrderBy(l => l.Kind).ThenBy(l => l.SpinMicros).ToArray();
        return levels.Length > 0 ? levels : throw new UsageException($"--telemetry needs at least one of {TelemetryLevels}");
    }

    private static TelemetryLevel ParseLevel(string value, string part)
    {
        if (part.StartsWith("spin:", StringComparison.Ordinal))
        {
            var micros = part["spin:".Length..];
            return double.TryParse(micros, NumberStyles.Float, CultureInfo.InvariantCulture, out var spin) && spin is >= 0 and <= 1000
                ? new TelemetryLevel(TelemetryKind.Spin, spin)
                : throw new UsageException($"--telemetry \"{value}\": \"{part}\" needs a busy-wait between 0 and 1000 µs per sampling decision, e.g. spin:1");
        }
        return part switch
        {
            "off" => new TelemetryLevel(TelemetryKind.Off),
            "metrics" => new TelemetryLevel(TelemetryKind.Metrics),
            "traces" => new TelemetryLevel(TelemetryKind.Traces),
            "all" => new TelemetryLevel(TelemetryKind.All),
            "kept" => new TelemetryLevel(TelemetryKind.Kept),
            _ => throw new UsageException($"--telemetry \"{value}\": \"{part}\" is not one of {TelemetryLevels}"),
        };
    }

    private static async Task TelemetryTableAsync(TelemetryLevel[] levels, int[] callerCounts, int rounds, TimeSpan window, Func<int, Task<Round>> facadeRound)
    {
        var headers = new List<string> { "callers" };
        headers.AddRange(levels.Select(l => $"{l.Name} calls/s"));
        var off = levels.FirstOrDefault(l => l.Kind == TelemetryKind.Off);
        if (off is not null) headers.AddRange(levels.Where(l => l != off).Select(l => $"{l.Name} / off"));
        headers.AddRange(levels.Select(l => $"{l.Name} CPU µs/call"));
        headers.AddRange(levels.Select(l => $"{l.Name} bytes/call"));
        headers.AddRange(levels.Select(l => $"{l.Name} ctx switches/call"));
        headers.AddRange(levels.Select(l => $"{l.Name} calls per batch"));
        headers.AddRange(levels.Select(l => $"{l.Name} replies per batch"));
        var table = new MarkdownTable([.. headers]);
        var spansPerCall = new List<string>();
        var samplesPerCall = new List<string>();
        foreach (var callers in callerCounts)
        {
            var results = levels.ToDictionary(l => l, _ => new List<Round>());
            var spans = levels.ToDictionary(l => l, _ => new List<double>());
            var samples = levels.ToDictionary(l => l, _ => new List<double>());
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
                    samples[level].Add(exported.Samples / Math.Max(1, result.Calls));
                }
            }
            spansPerCall.AddRange(levels.Where(l => l.Kind is TelemetryKind.Traces or TelemetryKind.All or TelemetryKind.Kept)
                .Select(l => $"{l.Name} at {callers}: {Stats.Median(spans[l]):0.00}"));
            samplesPerCall.AddRange(levels.Where(l => l.Kind == TelemetryKind.Spin)
                .Select(l => $"{l.Name} at {callers}: {Stats.Median(samples[l]):0.00}"));
            var rate = levels.ToDictionary(l => l, l => Stats.Median(results[l].Select(r => r.Rate).ToList()));
            var cells = new List<object> { callers };
            cells.AddRange(levels.Select(l => (object)rate[l]));
            if (off is not null) cells.AddRange(levels.Where(l => l != off).Select(l => (object)(rate[l] / rate[off])));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.CpuMicrosPerCall).ToList())));
            cells.AddRange(levels.Select(l => (object)Math.Round(Stats.Median(results[l].Select(r => r.BytesPerCall).ToList()))));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.SwitchesPerCall).ToList())));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.CallsPerBatch).ToList())));
            cells.AddRange(levels.Select(l => (object)Stats.Median(results[l].Select(r => r.RepliesPerBatch).ToList())));
            table.Row([.. cells]);
        }
        Console.WriteLine($"## Facade throughput by telemetry ({window.TotalSeconds:0.#} s windows, median of {rounds})");
        Console.WriteLine();
        Console.WriteLine("off: nothing listens; spin:N: an ActivityListener on the library's call spans whose sampler busy-waits N µs and creates no span; " +
            "metrics / traces / all: OpenTelemetry providers with AddDistributedActorsInstrumentation() and the in-memory exporter " +
            "(always sampled), whose collection counts the spans and holds none; kept: traces into a list that holds every span of the window.");
        Console.WriteLine();
        Console.Write(table);
        Console.WriteLine();
        if (spansPerCall.Count > 0) Console.WriteLine($"Spans exported per call (client and server, both systems in this process): {string.Join(", ", spansPerCall)}.");
        if (samplesPerCall.Count > 0) Console.WriteLine($"Sampler calls per call (client and server span, both systems in this process): {string.Join(", ", samplesPerCall)}.");
        Console.WriteLine();
    }

    /// <summary>The providers of one measurement window; disposing them flushes and stops listening.</summary>
    private static Providers Export(TelemetryLevel level)
    {
        var spans = new SpanSink(keep: level.Kind == TelemetryKind.Kept);
        var metrics = new List<Metric>();
        var spinning = level.Kind == TelemetryKind.Spin ? new SpinListener(level.SpinMicros) : null;
        var tracing = level.Kind is TelemetryKind.Traces or TelemetryKind.All or TelemetryKind.Kept
            ? Sdk.CreateTracerProviderBuilder().AddDistributedActorsInstrumentation().SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(spans).Build()
            : null;
        var metering = level.Kind is TelemetryKind.Metrics or TelemetryKind.All
            ? Sdk.CreateMeterProviderBuilder().AddDistributedActorsInstrumentation().AddInMemoryExporter(metrics).Build()
            : null;
        return new Providers(tracing, metering, spinning, spans);
    }

    private sealed class Providers(TracerProvider? tracing, MeterProvider? metering, SpinListener? spinning, SpanSink spans) : IDisposable
    {
        public SpanSink Spans { get; } = spans;

        /// <summary>Sampling decisions the spin listener made in this window (0 for other levels).</summary>
        public double Samples => spinning?.Samples ?? 0;

        public void Dispose()
        {
            tracing?.Dispose();
            metering?.Dispose();
            spinning?.Dispose();
        }
    }

    /// <summary>
    /// A listener on the library's call spans whose sampler busy-waits a fixed time and declines: the library takes its traced
    /// path and asks for a sampling decision where a span would start, but creates none, so the only added work per call is a
    /// known wait at exactly the places where telemetry runs (the caller's send and the callee actor's turn).
    /// </summary>
    private sealed class SpinListener : IDisposable
    {
        private readonly ActivityListener _listener;
        private long _samples;

        public SpinListener(double micros)
        {
            var ticks = (long)(micros * Stopwatch.Frequency / 1_000_000);
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == DistributedActorsTelemetry.ActivitySourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) =>
                {
                    Interlocked.Increment(ref _samples);
                    var until = Stopwatch.GetTimestamp() + ticks;
                    while (Stopwatch.GetTimestamp() < until) { }
                    return ActivitySamplingResult.None;
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public long Samples => Interlocked.Read(ref _samples);

        public void Dispose() => _listener.Dispose();
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
