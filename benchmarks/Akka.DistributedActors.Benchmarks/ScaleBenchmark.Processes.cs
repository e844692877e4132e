using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>scale --mode processes</c>: formation with one OS process per node. Each node process is this program started again as
/// <c>scale-node</c>; it starts its node, says <c>ready</c> with its address on standard output, joins when told to on standard
/// input, reports the timestamps at which it knew all N members and saw all N Up, and shuts down on <c>stop</c>. Stopwatch
/// timestamps are the machine's monotonic clock, so the parent compares them with its own start timestamp.
/// </summary>
internal static partial class ScaleBenchmark
{
    private static readonly TimeSpan NodeDeadline = TimeSpan.FromSeconds(120);

    // Per (N, variant): each node process's JIT time, methods compiled and CPU time from the join message until it saw all Up.
    private static readonly Dictionary<(int, Variant), List<(double JitMs, long Methods, double CpuMs)>> ProcessWork = new();

    private static async Task<int> RunProcessesAsync(int[] sizes, int repetitions, TimeSpan? heartbeatPause)
    {
        Console.WriteLine($"# scale, one process per node ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine("One OS process per node (this program as `scale-node`), 127.0.0.1, port 0, the in-process variant's settings");
        Console.WriteLine($"(TestSettings timings, heartbeat pause {(heartbeatPause ?? TimeSpan.FromSeconds(2)).TotalSeconds:0} s). Every round starts N fresh processes, waits until each has started its node, then tells them");
        Console.WriteLine("to join: raw node 0 joins itself and the others JoinSeedNodes([node 0]); facade nodes 1..N-1 call Cluster.Join(node 0).");
        Console.WriteLine($"Timed from the join message until the last node knows all N members / sees all N Up. {repetitions} rounds per size,");
        Console.WriteLine("variants alternate first; process start-up and shutdown are not timed.");
        Console.WriteLine();

        var formation = new Dictionary<(int, Variant), List<FormationBenchmark.Sample>>();
        var loads = new Dictionary<int, string?>();
        var timedOut = new Dictionary<(int, Variant), int>();
        foreach (var n in sizes)
        {
            loads[n] = RunInfo.LoadAverage();
            foreach (var v in new[] { Variant.Raw, Variant.Facade }) formation[(n, v)] = [];
            for (var rep = 0; rep < repetitions; rep++)
            {
                foreach (var v in rep % 2 == 0 ? [Variant.Raw, Variant.Facade] : new[] { Variant.Facade, Variant.Raw })
                {
                    var sample = await FormInProcessesAsync(v, n, heartbeatPause);
                    if (sample is { } s)
                    {
                        formation[(n, v)].Add(s);
                        Console.Error.WriteLine($"scale: N = {n} processes {v} all known {s.AllKnownMs:0} ms, all Up {s.AllUpMs:0} ms");
                    }
                    else
                    {
                        timedOut[(n, v)] = timedOut.GetValueOrDefault((n, v)) + 1;
                        Console.Error.WriteLine($"scale: N = {n} processes {v} did not form (a node shut down, or not all Up within {NodeDeadline.TotalSeconds:0} s)");
                    }
                }
            }
            Console.Error.WriteLine($"scale: N = {n} processes done ({DateTime.UtcNow:HH:mm:ss} UTC, load average {RunInfo.LoadAverage()})");
        }
        PrintFormation(sizes, formation, loads, timedOut);
        Console.WriteLine("Work in each node process from the join message until it saw all N Up (means per node over the formed rounds):");
        Console.WriteLine();
        var work = new MarkdownTable("N", "variant", "CPU (ms)", "JIT time (ms)", "methods compiled");
        foreach (var n in sizes)
        {
            foreach (var v in new[] { Variant.Raw, Variant.Facade })
            {
                if (ProcessWork.GetValueOrDefault((n, v)) is not { Count: > 0 } w) continue;
                work.Row(n, v == Variant.Raw ? "raw Akka.NET" : "facade", w.Average(x => x.CpuMs), w.Average(x => x.JitMs), w.Average(x => (double)x.Methods));
            }
        }
        Console.Write(work);
        Console.WriteLine();
        if (RunInfo.LoadAverage() is { } load) Console.WriteLine($"Load average at the end: {load}.");
        return 0;
    }

    /// <summary>One formation round in N node processes; null when a node did not report all Up within the deadline.</summary>
    private static async Task<FormationBenchmark.Sample?> FormInProcessesAsync(Variant variant, int n, TimeSpan? heartbeatPause)
    {
        var nodes = new List<NodeChild>();
        using var cts = new CancellationTokenSource(NodeDeadline);
        try
        {
            for (var i = 0; i < n; i++) nodes.Add(NodeChild.Start(variant, i, n, heartbeatPause));
            var addresses = await Task.WhenAll(nodes.Select(c => c.ExpectAsync("ready", cts.Token)));
            var start = Stopwatch.GetTimestamp();
            foreach (var c in nodes) await c.SendAsync($"join {addresses[0]}");
            var formed = await Task.WhenAll(nodes.Select(c => c.ExpectAsync("formed", cts.Token)));
            var times = formed.Select(f => f.Split(' ').Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray()).ToList();
            var work = ProcessWork.TryGetValue((n, variant), out var w) ? w : ProcessWork[(n, variant)] = [];
            work.AddRange(times.Select(t => (t[3] / 1000.0, t[4], t[5] / 1000.0)));
            return new FormationBenchmark.Sample(Stats.Milliseconds(start, times.Min(t => t[0])), Stats.Milliseconds(start, times.Max(t => t[1])),
                Stats.Milliseconds(start, times.Max(t => t[2])));
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Missed the deadline, or a node process ended first (downed by the split-brain resolver).
            return null;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(c => c.StopAsync()));
        }
    }

    /// <summary>
    /// The node process's side (<c>scale-node --variant raw|facade --index i --size n</c>): start the node, print
    /// <c>ready &lt;address&gt;</c>, on <c>join &lt;address of node 0&gt;</c> join, print <c>formed &lt;first Up&gt; &lt;all known&gt;
    /// &lt;all Up&gt; &lt;JIT µs&gt; &lt;methods compiled&gt; &lt;CPU µs&gt;</c> (Stopwatch timestamps; the last three from the join until all
    /// Up), and shut down on <c>stop</c> or end of input.
    /// </summary>
    public static async Task<int> RunNodeAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--variant", "--index", "--size", "--heartbeat-pause");
        var variant = options.Enum("--variant", Variant.Facade);
        var index = options.Int("--index", 0, min: 0);
        var n = options.Int("--size", 2, min: 2);
        using var cts = new CancellationTokenSource(NodeDeadline);
        if (options.Int("--heartbeat-pause", 0, min: 0) is > 0 and var pause) s_heartbeatPause = TimeSpan.FromSeconds(pause);
        var settings = Settings($"node{index}");
        if (variant == Variant.Facade)
        {
            var system = await ClusterSystem.StartAsync(settings);
            try
            {
                var watch = FormationBenchmark.WatchFacade(system, n, cts.Token);
                await watch.Ready.WaitAsync(cts.Token);
                await ServeAsync($"{system.Cluster.Node.Host}:{system.Cluster.Node.Port}", watch, node0 =>
                {
                    if (index == 0) return;
                    var separator = node0.LastIndexOf(':');
                    system.Cluster.Join(node0[..separator], int.Parse(node0[(separator + 1)..], CultureInfo.InvariantCulture));
                }, cts.Token);
            }
            finally
            {
                await system.ShutdownAsync();
            }
        }
        else
        {
            var system = ActorSystem.Create(settings.ClusterName, HoconBuilder.Build(settings));
            try
            {
                var cluster = AkkaCluster.Get(system);
                var watch = new FormationWatch();
                system.ActorOf(RawUpCounter.Props(cluster, n, watch));
                await watch.Ready.WaitAsync(cts.Token);
                await ServeAsync(cluster.SelfAddress.ToString(), watch, node0 =>
                {
                    var seed = Address.Parse(node0);
                    if (index == 0) cluster.Join(seed);
                    else cluster.JoinSeedNodes([seed]);
                }, cts.Token);
            }
            finally
            {
                await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);
            }
        }
        return 0;
    }

    private static async Task ServeAsync(string address, FormationWatch watch, Action<string> join, CancellationToken cancellationToken)
    {
        Console.WriteLine($"ready {address}");
        var line = await Console.In.ReadLineAsync(cancellationToken);
        if (line is null || !line.StartsWith("join ", StringComparison.Ordinal)) return;
        var process = Process.GetCurrentProcess();
        var (jit0, methods0, cpu0) = (System.Runtime.JitInfo.GetCompilationTime(), System.Runtime.JitInfo.GetCompiledMethodCount(), process.TotalProcessorTime);
        join(line["join ".Length..]);
        try
        {
            var allUp = await watch.AllUp.WaitAsync(cancellationToken);
            process.Refresh();
            var jit = (System.Runtime.JitInfo.GetCompilationTime() - jit0).Ticks / 10;
            var methods = System.Runtime.JitInfo.GetCompiledMethodCount() - methods0;
            var cpu = (process.TotalProcessorTime - cpu0).Ticks / 10;
            Console.WriteLine($"formed {await watch.FirstUp} {await watch.AllKnown} {allUp} {jit} {methods} {cpu}");
        }
        catch (OperationCanceledException)
        {
            // The parent counts the round as timed out; it stops this node below.
        }
        await Console.In.ReadLineAsync(CancellationToken.None);
    }

    /// <summary>One node process as the parent sees it: its standard input and the lines it printed.</summary>
    private sealed class NodeChild
    {
        private readonly Process _process;
        private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();

        private NodeChild(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) _lines.Writer.TryComplete();
                else _lines.Writer.TryWrite(e.Data);
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) Console.Error.WriteLine($"scale-node: {e.Data}");
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public static NodeChild Start(Variant variant, int index, int n, TimeSpan? heartbeatPause)
        {
            var args = new List<string> { "scale-node", "--variant", variant.ToString().ToLowerInvariant(), "--index", $"{index}", "--size", $"{n}" };
            if (heartbeatPause is { } pause) args.AddRange(["--heartbeat-pause", $"{pause.TotalSeconds:0}"]);
            return Start(args);
        }

        /// <summary>This program started again with <paramref name="args"/> (a child subcommand and its options).</summary>
        public static NodeChild Start(IEnumerable<string> args)
        {
            // Environment.ProcessPath is the apphost, or `dotnet` when run as `dotnet <dll>`.
            var self = Environment.ProcessPath!;
            var info = new ProcessStartInfo(self)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet") info.ArgumentList.Add(typeof(ScaleBenchmark).Assembly.Location);
            foreach (var a in args) info.ArgumentList.Add(a);
            return new NodeChild(Process.Start(info) ?? throw new InvalidOperationException($"could not start {self}"));
        }

        /// <summary>The rest of the next line that starts with <paramref name="word"/>; other lines (Akka's output) are skipped.</summary>
        public async Task<string> ExpectAsync(string word, CancellationToken cancellationToken)
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(cancellationToken))
            {
                if (line.StartsWith(word + " ", StringComparison.Ordinal)) return line[(word.Length + 1)..];
            }
            throw new InvalidOperationException($"node process {_process.Id} exited (code {(_process.HasExited ? _process.ExitCode : -1)}) before \"{word}\"");
        }

        public Task SendAsync(string line) => _process.StandardInput.WriteLineAsync(line);

        public async Task StopAsync()
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("stop");
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already exited.
            }
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
            _process.Dispose();
        }
    }
}
