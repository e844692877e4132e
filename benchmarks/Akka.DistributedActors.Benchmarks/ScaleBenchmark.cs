using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>scale</c>: what a node costs as the cluster grows, facade against raw Akka.NET in the same run: formation time (all known,
/// all Up), and once every node is Up and the cluster idle, process CPU, managed heap, resident memory and threads per node,
/// and the remote messages each node sends per second (counted on the transport, <see cref="RemoteTraffic"/>).
/// </summary>
internal static partial class ScaleBenchmark
{
    public const string Summary = "formation and idle cost per node (CPU, memory, threads, remote messages) at 10-50 nodes, facade vs raw Akka.NET";

    public const string OptionsHelp = "--sizes 10,20,30,50 (processes: 10)  --repetitions 8  --idle-rounds 1  --idle-seconds 10  --settle-seconds 3  --heartbeat-pause 2 (s)  --mode in-process|processes|idle-processes (idle-processes: --idle-rounds processes per variant)";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private enum Variant { Raw, Facade }

    private enum Mode { InProcess, Processes, IdleProcesses }

    // Remote PDUs by kind written from the join calls until all Up, summed over the formation rounds, per (N, variant).
    private static readonly Dictionary<(int, Variant), Dictionary<string, long>> FormationTraffic = new();

    // Process CPU time from the join calls until all Up, per formation round that formed, per (N, variant).
    private static readonly Dictionary<(int, Variant), List<TimeSpan>> FormationCpu = new();

    // Called when all are Up with the process CPU time spent since the join calls.
    private static Action<TimeSpan>? s_formedAt;

    // The failure detector's acceptable heartbeat pause for both variants; TestSettings' 2 s unless --heartbeat-pause is given.
    private static TimeSpan? s_heartbeatPause;

    /// <summary>A formed cluster of one variant, kept running for the idle measurement.</summary>
    private sealed record Running(IReadOnlyList<int> Ports, Func<Task> ShutdownAsync);

    private sealed record Idle(double CpuPercentPerNode, double MessagesPerNodePerSecond, double BytesPerNodePerSecond, int Links,
        double HeapMbPerNode, double RssMbPerNode, double ThreadsPerNode, IReadOnlyDictionary<string, long> ByKind, double Seconds, int N,
        double ProcessHeapMb, double ProcessRssMb, double ProcessThreads);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--sizes", "--repetitions", "--idle-rounds", "--idle-seconds", "--settle-seconds", "--mode", "--heartbeat-pause");
        var mode = options.String("--mode", "in-process") switch
        {
            "in-process" => Mode.InProcess,
            "processes" => Mode.Processes,
            "idle-processes" => Mode.IdleProcesses,
            var other => throw new UsageException($"--mode \"{other}\" is not one of in-process, processes, idle-processes"),
        };
        var sizes = options.Ints("--sizes", mode == Mode.Processes ? [10] : [10, 20, 30, 50], min: 2);
        var repetitions = options.Int("--repetitions", 8, min: mode == Mode.Processes ? 1 : 0);
        if (options.Int("--heartbeat-pause", 0, min: 0) is > 0 and var pause) s_heartbeatPause = TimeSpan.FromSeconds(pause);
        if (mode == Mode.Processes) return await RunProcessesAsync(sizes, repetitions, s_heartbeatPause);
        var idleRounds = options.Int("--idle-rounds", 1, min: mode == Mode.IdleProcesses ? 1 : 0);
        var idleSeconds = options.Int("--idle-seconds", 10);
        var settleSeconds = options.Int("--settle-seconds", 3, min: 0);
        if (mode == Mode.IdleProcesses) return await RunIdleProcessesAsync(sizes, idleRounds, settleSeconds, idleSeconds, s_heartbeatPause);
        Variant[] variants = [Variant.Raw, Variant.Facade];

        Console.WriteLine($"# scale ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine("All nodes in this process on 127.0.0.1, port 0, the formation benchmark's settings (TestSettings timings: gossip, leader");
        Console.WriteLine($"actions and heartbeat 200 ms, acceptable heartbeat pause {(s_heartbeatPause ?? TimeSpan.FromSeconds(2)).TotalSeconds:0} s). Raw Akka.NET runs the HOCON the facade generates for the same settings; its node 0 joins");
        Console.WriteLine("itself and the others JoinSeedNodes([node 0]); facade nodes 1..N-1 call Cluster.Join(node 0). Every node's transport");
        Console.WriteLine("counts the PDUs it writes (Akka.Remote transport adapter: messages, system-message acks, transport heartbeats).");
        Console.WriteLine($"Per size: one warm-up formation per variant, {repetitions} formation rounds (variants alternate first), then {idleRounds}");
        Console.WriteLine($"idle round(s) per variant: form, wait {settleSeconds} s, then measure over {idleSeconds} s. Memory and threads per node are");
        Console.WriteLine("(value with the cluster up - value before it started) / N, after a full collection.");
        Console.WriteLine();

        var formation = new Dictionary<(int, Variant), List<FormationBenchmark.Sample>>();
        var idle = new Dictionary<(int, Variant), List<Idle>>();
        var loads = new Dictionary<int, string?>();
        var timedOut = new Dictionary<(int, Variant), int>();
        foreach (var n in sizes)
        {
            loads[n] = RunInfo.LoadAverage();
            foreach (var v in variants)
            {
                try
                {
                    await FormAsync(v, n, keep: false);
                }
                catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"scale: N = {n} {v} warm-up did not form: {e.GetType().Name} (deadline {Deadline.TotalSeconds:0} s)");
                }
            }
            foreach (var v in variants)
            {
                formation[(n, v)] = [];
                idle[(n, v)] = [];
            }
            for (var rep = 0; rep < repetitions; rep++)
            {
                foreach (var v in rep % 2 == 0 ? variants : variants.Reverse())
                {
                    try
                    {
                        var (sample, _) = await FormAsync(v, n, keep: false, countTraffic: true);
                        formation[(n, v)].Add(sample);
                        Console.Error.WriteLine($"scale: N = {n} {v} all Up {sample.AllUpMs:0} ms");
                    }
                    catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
                    {
                        // On a machine loaded far beyond its cores a round can miss the deadline, or Akka's split-brain resolver downs
                        // nodes it wrongly saw unreachable (a node then shuts down before all are Up); it counts, the run goes on.
                        timedOut[(n, v)] = timedOut.GetValueOrDefault((n, v)) + 1;
                        Console.Error.WriteLine($"scale: N = {n} {v} did not form: {e.GetType().Name} (deadline {Deadline.TotalSeconds:0} s)");
                    }
                }
            }
            for (var round = 0; round < idleRounds; round++)
            {
                foreach (var v in round % 2 == 0 ? variants : variants.Reverse())
                {
                    try
                    {
                        idle[(n, v)].Add(await IdleAsync(v, n, TimeSpan.FromSeconds(settleSeconds), TimeSpan.FromSeconds(idleSeconds)));
                    }
                    catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
                    {
                        Console.Error.WriteLine($"scale: N = {n} {v} idle round skipped: did not form: {e.GetType().Name} (deadline {Deadline.TotalSeconds:0} s)");
                    }
                }
            }
            Console.Error.WriteLine($"scale: N = {n} done ({DateTime.UtcNow:HH:mm:ss} UTC, load average {RunInfo.LoadAverage()})");
        }

        if (repetitions > 0) PrintFormation(sizes, formation, loads, timedOut);
        if (idleRounds > 0) PrintIdle(sizes, idle, loads);
        if (RunInfo.LoadAverage() is { } load) Console.WriteLine($"Load average at the end: {load}.");
        return 0;
    }

    private static void PrintFormation(int[] sizes, Dictionary<(int, Variant), List<FormationBenchmark.Sample>> formation, Dictionary<int, string?> loads,
        Dictionary<(int, Variant), int> timedOut)
    {
        Console.WriteLine("## Formation: until every node knows all N members, and until every node sees all N Up");
        Console.WriteLine();
        var table = new MarkdownTable("N", "load", "rounds (raw/facade not formed)", "raw all known mean (ms)", "facade all known mean (ms)", "raw all Up median (ms)",
            "facade all Up median (ms)", "raw all Up mean (ms)", "facade all Up mean (ms)", "facade / raw (medians)", "facade / raw (means)");
        foreach (var n in sizes)
        {
            var raw = formation[(n, Variant.Raw)];
            var facade = formation[(n, Variant.Facade)];
            var rawUp = raw.Select(s => s.AllUpMs).ToList();
            var facadeUp = facade.Select(s => s.AllUpMs).ToList();
            table.Row(n, loads[n] ?? "-", $"{raw.Count} ({timedOut.GetValueOrDefault((n, Variant.Raw))}/{timedOut.GetValueOrDefault((n, Variant.Facade))})", raw.Average(s => s.AllKnownMs), facade.Average(s => s.AllKnownMs), Stats.Median(rawUp),
                Stats.Median(facadeUp), rawUp.Average(), facadeUp.Average(), Ratio(Stats.Median(facadeUp), Stats.Median(rawUp)),
                Ratio(facadeUp.Average(), rawUp.Average()));
        }
        Console.Write(table);
        Console.WriteLine();

        var largest = sizes.Max();
        if (!FormationTraffic.ContainsKey((largest, Variant.Raw))) return;
        // Only rounds that formed are counted, so each variant is divided by its own number of rounds.
        var rawRounds = Math.Max(1, formation[(largest, Variant.Raw)].Count);
        var facadeRounds = Math.Max(1, formation[(largest, Variant.Facade)].Count);
        Console.WriteLine($"Remote messages by kind during formation at N = {largest} (from the join calls until all Up; per node per round):");
        Console.WriteLine();
        var rawKinds = FormationTraffic.GetValueOrDefault((largest, Variant.Raw)) ?? [];
        var facadeKinds = FormationTraffic.GetValueOrDefault((largest, Variant.Facade)) ?? [];
        var kinds = new MarkdownTable("kind", "raw Akka.NET", "facade");
        foreach (var kind in rawKinds.Keys.Union(facadeKinds.Keys).OrderByDescending(k => facadeKinds.GetValueOrDefault(k) + rawKinds.GetValueOrDefault(k)))
            kinds.Row(kind, rawKinds.GetValueOrDefault(kind) / (double)rawRounds / largest, facadeKinds.GetValueOrDefault(kind) / (double)facadeRounds / largest);
        kinds.Row("total", rawKinds.Values.Sum() / (double)rawRounds / largest, facadeKinds.Values.Sum() / (double)facadeRounds / largest);
        Console.Write(kinds);
        Console.WriteLine();

        Console.WriteLine("Process CPU time from the join calls until all Up (mean per formed round, all nodes together):");
        Console.WriteLine();
        var cpu = new MarkdownTable("N", "raw Akka.NET (ms)", "facade (ms)", "facade / raw");
        foreach (var n in sizes)
        {
            if (FormationCpu.GetValueOrDefault((n, Variant.Raw)) is not { Count: > 0 } raw || FormationCpu.GetValueOrDefault((n, Variant.Facade)) is not { Count: > 0 } facade) continue;
            var (rawMs, facadeMs) = (raw.Average(t => t.TotalMilliseconds), facade.Average(t => t.TotalMilliseconds));
            cpu.Row(n, rawMs, facadeMs, Ratio(facadeMs, rawMs));
        }
        Console.Write(cpu);
        Console.WriteLine();
    }

    private static void PrintIdle(int[] sizes, Dictionary<(int, Variant), List<Idle>> idle, Dictionary<int, string?> loads)
    {
        Console.WriteLine("## Idle, every node Up: cost per node (means over the idle rounds)");
        Console.WriteLine();
        var table = new MarkdownTable("N", "load", "variant", "CPU (% of a core) per node", "messages/s per node", "bytes/s per node",
            "links used", "managed heap (MB) per node", "RSS (MB) per node", "threads per node");
        foreach (var n in sizes)
        {
            Idle? rawMean = null;
            foreach (var v in new[] { Variant.Raw, Variant.Facade })
            {
                var runs = idle[(n, v)];
                if (runs.Count == 0 || (v == Variant.Facade && rawMean is null))
                {
                    table.Row(n, loads[n] ?? "-", v == Variant.Raw ? "raw Akka.NET (no idle round formed)" : "facade (no comparison)", "-", "-", "-", "-", "-", "-", "-");
                    continue;
                }
                var mean = new Idle(runs.Average(r => r.CpuPercentPerNode), runs.Average(r => r.MessagesPerNodePerSecond),
                    runs.Average(r => r.BytesPerNodePerSecond), (int)runs.Average(r => r.Links), runs.Average(r => r.HeapMbPerNode),
                    runs.Average(r => r.RssMbPerNode), runs.Average(r => r.ThreadsPerNode), runs[^1].ByKind, runs[^1].Seconds, n,
                    runs.Average(r => r.ProcessHeapMb), runs.Average(r => r.ProcessRssMb), runs.Average(r => r.ProcessThreads));
                table.Row(n, loads[n] ?? "-", v == Variant.Raw ? "raw Akka.NET" : "facade", mean.CpuPercentPerNode, mean.MessagesPerNodePerSecond,
                    mean.BytesPerNodePerSecond, mean.Links, mean.HeapMbPerNode, mean.RssMbPerNode, mean.ThreadsPerNode);
                if (v == Variant.Raw)
                {
                    rawMean = mean;
                    continue;
                }
                table.Row(n, "", "facade / raw", Ratio(mean.CpuPercentPerNode, rawMean!.CpuPercentPerNode),
                    Ratio(mean.MessagesPerNodePerSecond, rawMean.MessagesPerNodePerSecond), Ratio(mean.BytesPerNodePerSecond, rawMean.BytesPerNodePerSecond),
                    Ratio(mean.Links, rawMean.Links), Ratio(mean.HeapMbPerNode, rawMean.HeapMbPerNode), Ratio(mean.RssMbPerNode, rawMean.RssMbPerNode),
                    Ratio(mean.ThreadsPerNode, rawMean.ThreadsPerNode));
            }
        }
        Console.Write(table);
        Console.WriteLine();

        var largest = sizes.Max();
        Console.WriteLine($"Remote messages by kind at N = {largest} (last idle round; per node per second; serializer id/manifest -> recipient):");
        Console.WriteLine();
        if (idle[(largest, Variant.Raw)].Count == 0 || idle[(largest, Variant.Facade)].Count == 0) return;
        var raw = idle[(largest, Variant.Raw)][^1];
        var facade = idle[(largest, Variant.Facade)][^1];
        var kinds = new MarkdownTable("kind", "raw Akka.NET", "facade");
        foreach (var kind in raw.ByKind.Keys.Union(facade.ByKind.Keys).OrderByDescending(k => facade.ByKind.GetValueOrDefault(k) + raw.ByKind.GetValueOrDefault(k)))
            kinds.Row(kind, PerNodePerSecond(raw, kind), PerNodePerSecond(facade, kind));
        Console.Write(kinds);
        Console.WriteLine();
    }

    private static double PerNodePerSecond(Idle idle, string kind) => idle.ByKind.GetValueOrDefault(kind) / idle.Seconds / idle.N;

    private static async Task<Idle> IdleAsync(Variant variant, int n, TimeSpan settle, TimeSpan window)
    {
        var (heap0, rss0, threads0) = Footprint();
        var (_, running) = await FormAsync(variant, n, keep: true);
        try
        {
            await Task.Delay(settle);
            var (heap, rss, threads) = Footprint();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var start = Stopwatch.GetTimestamp();
            using var traffic = RemoteTraffic.Observe(running!.Ports);
            await Task.Delay(window);
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var byKind = traffic.ByKind.ToDictionary();
            return new Idle(cpu.TotalSeconds / seconds * 100 / n, traffic.Messages / seconds / n, traffic.Bytes / seconds / n, traffic.Links,
                (heap - heap0) / 1e6 / n, (rss - rss0) / 1e6 / n, (threads - threads0) / (double)n, byKind, seconds, n, heap / 1e6, rss / 1e6, threads);
        }
        finally
        {
            await running!.ShutdownAsync();
        }
    }

    private static (long Heap, long Rss, int Threads) Footprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64, process.Threads.Count);
    }

    private static ClusterSystemSettings Settings(string name)
    {
        var settings = FormationBenchmark.Settings(name);
        settings.AdditionalHocon = (settings.AdditionalHocon ?? "") + Environment.NewLine + RemoteTraffic.Hocon;
        if (s_heartbeatPause is { } pause) settings.FailureDetector.AcceptableHeartbeatPause = pause;
        return settings;
    }

    private static async Task<(FormationBenchmark.Sample Sample, Running? Running)> FormAsync(Variant variant, int n, bool keep, bool countTraffic = false)
    {
        using var traffic = countTraffic ? RemoteTraffic.Observe() : null;
        // The window closes when all are Up, before the shutdown.
        Dictionary<string, long>? counted = null;
        TimeSpan? cpu = null;
        s_formedAt = traffic is null ? null : spent => (counted, cpu) = (traffic.ByKind.ToDictionary(), spent);
        var result = variant == Variant.Raw ? await RawAsync(n, keep) : await FacadeAsync(n, keep);
        s_formedAt = null;
        if (counted is null) return result;
        (FormationCpu.TryGetValue((n, variant), out var cpus) ? cpus : FormationCpu[(n, variant)] = []).Add(cpu!.Value);
        var total = FormationTraffic.TryGetValue((n, variant), out var t) ? t : FormationTraffic[(n, variant)] = [];
        foreach (var (kind, count) in counted) total[kind] = total.GetValueOrDefault(kind) + count;
        return result;
    }

    private static async Task<(FormationBenchmark.Sample, Running?)> FacadeAsync(int n, bool keep)
    {
        var systems = new List<ClusterSystem>();
        Task Shutdown() => Task.WhenAll(systems.Select(s => s.ShutdownAsync()));
        using var cts = new CancellationTokenSource(Deadline);
        var kept = false;
        try
        {
            for (var i = 0; i < n; i++) systems.Add(await ClusterSystem.StartAsync(Settings($"node{i}")));
            var watches = systems.Select(s => FormationBenchmark.WatchFacade(s, n, cts.Token)).ToList();
            await Task.WhenAll(watches.Select(w => w.Ready)).WaitAsync(cts.Token);
            var (start, cpu0) = (Stopwatch.GetTimestamp(), ProcessCpu());
            foreach (var s in systems.Skip(1)) s.Cluster.Join(systems[0].Cluster.Node);
            var sample = await MeasureOrDescribeAsync(start, watches, systems.Select(s => s.ActorSystem).ToList(), cts.Token);
            s_formedAt?.Invoke(ProcessCpu() - cpu0);
            kept = keep;
            return (sample, keep ? new Running(systems.Select(s => s.Cluster.Node.Port).ToList(), Shutdown) : null);
        }
        finally
        {
            if (!kept) await Shutdown();
        }
    }

    private static async Task<(FormationBenchmark.Sample, Running?)> RawAsync(int n, bool keep)
    {
        var systems = new List<ActorSystem>();
        Task Shutdown() => Task.WhenAll(systems.Select(s => CoordinatedShutdown.Get(s).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance)));
        using var cts = new CancellationTokenSource(Deadline);
        var kept = false;
        try
        {
            for (var i = 0; i < n; i++)
            {
                var settings = Settings($"node{i}");
                systems.Add(await Task.Factory.StartNew(() => ActorSystem.Create(settings.ClusterName, HoconBuilder.Build(settings)),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
            }
            var watches = systems.Select(_ => new FormationWatch()).ToList();
            for (var i = 0; i < n; i++) systems[i].ActorOf(RawUpCounter.Props(AkkaCluster.Get(systems[i]), n, watches[i]));
            await Task.WhenAll(watches.Select(w => w.Ready)).WaitAsync(cts.Token);
            var (start, cpu0) = (Stopwatch.GetTimestamp(), ProcessCpu());
            var first = AkkaCluster.Get(systems[0]);
            first.Join(first.SelfAddress);
            foreach (var s in systems.Skip(1)) AkkaCluster.Get(s).JoinSeedNodes([first.SelfAddress]);
            var sample = await MeasureOrDescribeAsync(start, watches, systems, cts.Token);
            s_formedAt?.Invoke(ProcessCpu() - cpu0);
            kept = keep;
            return (sample, keep ? new Running(systems.Select(s => AkkaCluster.Get(s).SelfAddress.Port ?? 0).ToList(), Shutdown) : null);
        }
        finally
        {
            if (!kept) await Shutdown();
        }
    }

    // A round that does not form says why on standard error: each distinct view of the cluster (Akka's, the same for both
    // variants) and how many nodes hold it.
    private static async Task<FormationBenchmark.Sample> MeasureOrDescribeAsync(long start, List<FormationWatch> watches, IReadOnlyList<ActorSystem> systems,
        CancellationToken cancellationToken)
    {
        try
        {
            return await FormationBenchmark.MeasureAsync(start, watches, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            var views = systems.Select(s => AkkaCluster.Get(s)).Select(c => c.IsTerminated ? "terminated"
                    : $"{c.State.Members.Count} members ({string.Join(", ", c.State.Members.GroupBy(m => m.Status).Select(g => $"{g.Count()} {g.Key}"))}), " +
                      $"{c.State.Unreachable.Count} unreachable, leader {(c.State.Leader is { } l ? l.Port : null)}")
                .GroupBy(v => v).Select(g => $"{g.Count()} x [{g.Key}]");
            Console.Error.WriteLine($"scale: views when the round failed: {string.Join("; ", views)}");
            throw;
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static string Ratio(double a, double b) => b == 0 ? "-" : (a / b).ToString("0.00", CultureInfo.InvariantCulture);
}
