using System.Globalization;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>scale --mode idle-processes</c>: the idle cost per node with one variant per process. Each round starts this program
/// again as <c>scale-idle</c>, which forms one variant's N nodes in a fresh process and measures them as the in-process idle
/// round does; nothing an earlier round left behind (heap, thread pool, caches) is in the numbers.
/// </summary>
internal static partial class ScaleBenchmark
{
    private static async Task<int> RunIdleProcessesAsync(int[] sizes, int rounds, int settleSeconds, int idleSeconds, TimeSpan? heartbeatPause)
    {
        Console.WriteLine($"# scale, idle, one variant per process ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine("Each round starts a fresh process (this program as `scale-idle`) that runs one variant only: it starts N nodes on");
        Console.WriteLine($"127.0.0.1 with the in-process variant's settings (heartbeat pause {(heartbeatPause ?? TimeSpan.FromSeconds(2)).TotalSeconds:0} s), forms the cluster, waits {settleSeconds} s, then measures over");
        Console.WriteLine($"{idleSeconds} s. Per node: (value with the cluster up - value before the first node started) / N, after a full collection;");
        Console.WriteLine($"process: the whole process's value with the cluster up. {rounds} round(s) per variant and size, variants alternate first.");
        Console.WriteLine();

        var results = new Dictionary<(int, Variant), List<Idle>>();
        var failed = new Dictionary<(int, Variant), int>();
        var loads = new Dictionary<int, string?>();
        foreach (var n in sizes)
        {
            loads[n] = RunInfo.LoadAverage();
            foreach (var v in new[] { Variant.Raw, Variant.Facade }) results[(n, v)] = [];
            for (var round = 0; round < rounds; round++)
            {
                foreach (var v in round % 2 == 0 ? [Variant.Raw, Variant.Facade] : new[] { Variant.Facade, Variant.Raw })
                {
                    var idle = await IdleInProcessAsync(v, n, settleSeconds, idleSeconds, heartbeatPause);
                    if (idle is null)
                    {
                        failed[(n, v)] = failed.GetValueOrDefault((n, v)) + 1;
                        Console.Error.WriteLine($"scale: N = {n} idle process {v} did not form");
                        continue;
                    }
                    results[(n, v)].Add(idle);
                    Console.Error.WriteLine($"scale: N = {n} idle process {v}: heap {idle.HeapMbPerNode:0.00} MB per node, CPU {idle.CpuPercentPerNode:0.00} % per node");
                }
            }
        }

        var table = new MarkdownTable("N", "load", "variant", "rounds (not formed)", "CPU (% of a core) per node", "messages/s per node",
            "managed heap (MB) per node", "RSS (MB) per node", "threads per node", "process heap (MB)", "process RSS (MB)", "process threads");
        foreach (var n in sizes)
        {
            var means = new Dictionary<Variant, double[]>();
            foreach (var v in new[] { Variant.Raw, Variant.Facade })
            {
                var runs = results[(n, v)];
                var label = v == Variant.Raw ? "raw Akka.NET" : "facade";
                if (runs.Count == 0)
                {
                    table.Row(n, loads[n] ?? "-", label, $"0 ({failed.GetValueOrDefault((n, v))})", "-", "-", "-", "-", "-", "-", "-", "-");
                    continue;
                }
                double[] mean =
                [
                    runs.Average(r => r.CpuPercentPerNode), runs.Average(r => r.MessagesPerNodePerSecond), runs.Average(r => r.HeapMbPerNode),
                    runs.Average(r => r.RssMbPerNode), runs.Average(r => r.ThreadsPerNode), runs.Average(r => r.ProcessHeapMb),
                    runs.Average(r => r.ProcessRssMb), runs.Average(r => r.ProcessThreads),
                ];
                means[v] = mean;
                table.Row([n, loads[n] ?? "-", label, $"{runs.Count} ({failed.GetValueOrDefault((n, v))})", .. mean.Cast<object>()]);
            }
            if (means.TryGetValue(Variant.Raw, out var raw) && means.TryGetValue(Variant.Facade, out var facade))
                table.Row([n, "", "facade / raw", "", .. facade.Zip(raw, (f, r) => (object)Ratio(f, r))]);
        }
        Console.Write(table);
        Console.WriteLine();

        // Per node above includes the process's fixed cost (assemblies, Akka's statics) divided by N; the slope between two
        // sizes leaves it out.
        var ordered = sizes.Order().ToArray();
        if (ordered.Length > 1)
        {
            Console.WriteLine("Per added node, between consecutive sizes ((process value at the larger N - at the smaller N) / difference in N):");
            Console.WriteLine();
            var slopes = new MarkdownTable("between", "variant", "managed heap (MB)", "RSS (MB)", "threads");
            foreach (var (small, large) in ordered.Zip(ordered.Skip(1)))
            {
                var perVariant = new Dictionary<Variant, double[]>();
                foreach (var v in new[] { Variant.Raw, Variant.Facade })
                {
                    if (results[(small, v)].Count == 0 || results[(large, v)].Count == 0) continue;
                    double Slope(Func<Idle, double> value) => (results[(large, v)].Average(value) - results[(small, v)].Average(value)) / (large - small);
                    perVariant[v] = [Slope(r => r.ProcessHeapMb), Slope(r => r.ProcessRssMb), Slope(r => r.ProcessThreads)];
                    slopes.Row([$"N = {small} and {large}", v == Variant.Raw ? "raw Akka.NET" : "facade", .. perVariant[v].Cast<object>()]);
                }
                if (perVariant.TryGetValue(Variant.Raw, out var raw) && perVariant.TryGetValue(Variant.Facade, out var facade))
                    slopes.Row([$"N = {small} and {large}", "facade / raw", .. facade.Zip(raw, (f, r) => (object)Ratio(f, r))]);
            }
            Console.Write(slopes);
            Console.WriteLine();
        }
        if (RunInfo.LoadAverage() is { } load) Console.WriteLine($"Load average at the end: {load}.");
        return 0;
    }

    /// <summary>One idle round in a fresh process; null when that process's cluster did not form.</summary>
    private static async Task<Idle?> IdleInProcessAsync(Variant variant, int n, int settleSeconds, int idleSeconds, TimeSpan? heartbeatPause)
    {
        var args = new List<string> { "scale-idle", "--variant", variant.ToString().ToLowerInvariant(), "--size", $"{n}",
            "--settle-seconds", $"{settleSeconds}", "--idle-seconds", $"{idleSeconds}" };
        if (heartbeatPause is { } pause) args.AddRange(["--heartbeat-pause", $"{pause.TotalSeconds:0}"]);
        var child = NodeChild.Start(args);
        using var cts = new CancellationTokenSource(Deadline + TimeSpan.FromSeconds(settleSeconds + idleSeconds + 60));
        try
        {
            var values = (await child.ExpectAsync("idle", cts.Token)).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            return new Idle(values[0], values[1], values[2], (int)values[3], values[4], values[5], values[6], new Dictionary<string, long>(), idleSeconds, n,
                values[7], values[8], values[9]);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            await child.StopAsync();
        }
    }

    /// <summary>
    /// The child's side (<c>scale-idle --variant raw|facade --size n --settle-seconds s --idle-seconds w</c>): form the cluster,
    /// measure it idle, print <c>idle &lt;CPU %&gt; &lt;messages/s&gt; &lt;bytes/s&gt; &lt;links&gt; &lt;heap MB&gt; &lt;RSS MB&gt;
    /// &lt;threads&gt;</c> per node and <c>&lt;heap MB&gt; &lt;RSS MB&gt; &lt;threads&gt;</c> of the process, then wait for <c>stop</c>.
    /// </summary>
    public static async Task<int> RunIdleChildAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--variant", "--size", "--settle-seconds", "--idle-seconds", "--heartbeat-pause");
        var variant = options.Enum("--variant", Variant.Facade);
        var n = options.Int("--size", 2, min: 2);
        if (options.Int("--heartbeat-pause", 0, min: 0) is > 0 and var pause) s_heartbeatPause = TimeSpan.FromSeconds(pause);
        try
        {
            var idle = await IdleAsync(variant, n, TimeSpan.FromSeconds(options.Int("--settle-seconds", 3, min: 0)),
                TimeSpan.FromSeconds(options.Int("--idle-seconds", 10)));
            double[] values = [idle.CpuPercentPerNode, idle.MessagesPerNodePerSecond, idle.BytesPerNodePerSecond, idle.Links, idle.HeapMbPerNode,
                idle.RssMbPerNode, idle.ThreadsPerNode, idle.ProcessHeapMb, idle.ProcessRssMb, idle.ProcessThreads];
            Console.WriteLine($"idle {string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}");
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            Console.Error.WriteLine($"did not form: {e.GetType().Name}");
            return 1;
        }
        await Console.In.ReadLineAsync(CancellationToken.None);
        return 0;
    }
}
