using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>A benchmark's command line is wrong; the message names the option.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>Order statistics over measured samples.</summary>
internal static class Stats
{
    /// <summary>Nearest-rank percentile (<paramref name="p"/> in 0..100) of unsorted samples.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0) throw new InvalidOperationException("No samples.");
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    /// <summary>Median (mean of the two middle values for an even count).</summary>
    public static double Median(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Milliseconds(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public static double Microseconds(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) * 1_000_000.0 / Stopwatch.Frequency;
}

/// <summary>Builds a GitHub-flavoured markdown table.</summary>
/// <summary>
/// The throughput workload of every call benchmark: <c>callers</c> loops, each with one call outstanding, for a window;
/// <c>callOf</c> gives caller c its call (a caller may keep its own state, such as a random key source).
/// </summary>
internal static class ClosedLoop
{
    public static async Task<(long Calls, double Seconds)> RunAsync(Func<int, Func<Task>> callOf, int callers, TimeSpan window)
    {
        long calls = 0;
        var stop = false;
        var begin = Stopwatch.GetTimestamp();
        var loops = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var call = callOf(c);
            while (!Volatile.Read(ref stop))
            {
                await call();
                Interlocked.Increment(ref calls);
            }
        })).ToList();
        await Task.Delay(window);
        Volatile.Write(ref stop, true);
        await Task.WhenAll(loops);
        return (Interlocked.Read(ref calls), Stopwatch.GetElapsedTime(begin).TotalSeconds);
    }

    /// <summary>The latency workload: <paramref name="calls"/> calls one after another, each one's milliseconds.</summary>
    public static async Task<List<double>> SequentialAsync(Func<Task> call, int calls)
    {
        var samples = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }
}

internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Row(params object[] cells)
    {
        if (cells.Length != headers.Length)
            throw new ArgumentException($"Row has {cells.Length} cells, table has {headers.Length} columns.", nameof(cells));
        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => _rows.Select(r => r[i].Length).Append(h.Length).Append(3).Max()).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, headers, widths);
        AppendRow(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in _rows) AppendRow(sb, row, widths);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        sb.Append('|');
        for (var i = 0; i < cells.Length; i++) sb.Append(' ').Append(cells[i].PadRight(widths[i])).Append(" |");
        sb.AppendLine();
    }

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString(Math.Abs(d) >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}

/// <summary>Parses <c>--name value</c> options of one benchmark.</summary>
internal sealed class BenchmarkArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public BenchmarkArgs(string[] args, params string[] known)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!known.Contains(args[i])) throw new UsageException($"unknown option \"{args[i]}\" (known: {string.Join(", ", known)})");
            if (i + 1 >= args.Length) throw new UsageException($"{args[i]} needs a value");
            _values[args[i]] = args[++i];
        }
    }

    public int Int(string name, int defaultValue, int min = 1) =>
        !_values.TryGetValue(name, out var v) ? defaultValue
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n
        : throw new UsageException($"{name} \"{v}\" is not a whole number >= {min}");

    public string String(string name, string defaultValue) => _values.TryGetValue(name, out var v) ? v : defaultValue;

    public T Enum<T>(string name, T defaultValue) where T : struct, System.Enum =>
        !_values.TryGetValue(name, out var v) ? defaultValue
        : System.Enum.TryParse<T>(v, ignoreCase: true, out var parsed) && System.Enum.IsDefined(parsed) && !int.TryParse(v, out _) ? parsed
        : throw new UsageException($"{name} \"{v}\" is not one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()}");

    public int[] Ints(string name, int[] defaultValue, int min = 1) =>
        !_values.TryGetValue(name, out var v) ? defaultValue
        : v.Split(',').Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min
            ? n
            : throw new UsageException($"{name} \"{v}\" is not a comma-separated list of whole numbers >= {min}")).ToArray();
}

/// <summary>Where and how a benchmark ran, printed above its tables.</summary>
internal static class RunInfo
{
    public static string Describe() =>
        $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, .NET {Environment.Version}, {Environment.ProcessorCount} cores, " +
        $"{(LoadAverage() is { } load ? $"load average {load} at start, " : "")}{(IsOptimized() ? "Release" : "DEBUG build: numbers not meaningful")}";

    private static bool IsOptimized() =>
        typeof(RunInfo).Assembly.GetCustomAttributes(typeof(DebuggableAttribute), false) is not [DebuggableAttribute { IsJITOptimizerDisabled: true }];

    // Other processes on a shared machine move these numbers a lot; the load average says how busy it was.
    public static string? LoadAverage() =>
        File.Exists("/proc/loadavg") && File.ReadAllText("/proc/loadavg").Split(' ') is [var one, ..] ? one : null;
}

/// <summary>
/// The process's voluntary plus involuntary context switches (all threads, also those that have exited), from getrusage on Linux.
/// </summary>
internal static class ContextSwitches
{
    private const int RUsageSelf = 0;

    // struct rusage on 64-bit Linux: two timevals (4 longs), then 14 longs; ru_nvcsw and ru_nivcsw are the last two.
    private const int Longs = 18;

    public static bool Available { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && OfProcess() >= 0;

    public static long OfProcess()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return -1;
        var usage = new long[Longs];
        try
        {
            return GetRUsage(RUsageSelf, usage) == 0 ? usage[16] + usage[17] : -1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return -1;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRUsage(int who, [System.Runtime.InteropServices.Out] long[] usage);
}
