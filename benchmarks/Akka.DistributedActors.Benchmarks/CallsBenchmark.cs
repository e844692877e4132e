using System.Diagnostics;
using Akka.Actor;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>The distributed-actor interface the <c>calls</c> benchmark calls.</summary>
public interface IEcho : IDistributedActor
{
    /// <summary>Returns <paramref name="text"/>.</summary>
    Task<string> Echo(string text);
}

/// <summary>The facade side of the <c>calls</c> benchmark.</summary>
public sealed class EchoActor : DistributedActor, IEcho
{
    /// <inheritdoc />
    public Task<string> Echo(string text) => Task.FromResult(text);
}

/// <summary>
/// <c>calls</c>: remote-call throughput (1 to 512 concurrent callers, each with one call outstanding) and sequential latency
/// between two systems in this process over loopback, for (a) a distributed-actor proxy with batching, (d) the same without
/// batching (a second pair of systems), (b) raw Akka.NET <c>Ask</c> and (c) raw Akka.NET <c>Tell</c> ping-pong, all carrying the
/// same string payload.
/// </summary>
internal static partial class CallsBenchmark
{
    public const string Summary = "remote calls: distributed-actor proxy vs raw Akka.NET Ask vs Tell ping-pong (throughput, latency)";

    public const string OptionsHelp = "--callers 1,8,32,128,512  --batching on,off (facade with and without RemoteCall.Batching)  --seconds 1  --rounds 5  --latency-calls 5000 (0: no latency)  --modes a,b,c (a facade, b Ask, c Tell)  --telemetry off (or a list of off, spin:<µs>, metrics, traces, all, kept: facade throughput, CPU and bytes per call by level)";

    private const string Payload = "Caplin";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private enum Mode
    {
        Facade,
        FacadeUnbatched,
        Ask,
        Tell,
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--callers", "--seconds", "--rounds", "--latency-calls", "--modes", "--telemetry", "--batching");
        var callerCounts = options.Ints("--callers", [1, 8, 32, 128, 512]);
        var seconds = options.Int("--seconds", 1);
        var rounds = options.Int("--rounds", 5);
        var latencyCalls = options.Int("--latency-calls", 5000, min: 0);
        // A subset (such as "a" alone) is for profiling one path; the ratio columns need a and b.
        var modes = ParseModes(options.String("--modes", "a,b,c"), options.String("--batching", "on,off"));
        var telemetry = ParseTelemetry(options.String("--telemetry", "off"));

        Console.WriteLine($"# calls ({RunInfo.Describe()})");
        Console.WriteLine();
        var callerSystem = await ClusterSystem.StartAsync(Settings("caller", batching: true));
        var calleeSystem = await ClusterSystem.StartAsync(Settings("callee", batching: true));
        // The facade without batching runs on a pair of its own: the setting belongs to a system.
        var unbatched = modes.Contains(Mode.FacadeUnbatched)
            ? (await ClusterSystem.StartAsync(Settings("caller-unbatched", batching: false)), await ClusterSystem.StartAsync(Settings("callee-unbatched", batching: false)))
            : ((ClusterSystem, ClusterSystem)?)null;
        try
        {
            var proxy = await EchoProxyAsync(callerSystem, calleeSystem);
            _batchesSent = () =>
            {
                var (callBatches, calls, _, _) = callerSystem.Actors.Batches.Sent();
                var (_, _, replyBatches, replies) = calleeSystem.Actors.Batches.Sent();
                return (callBatches, calls, replyBatches, replies);
            };
            var proxyUnbatched = unbatched is var (c, h) ? await EchoProxyAsync(c, h) : null;
            var rawEcho = calleeSystem.ActorSystem.ActorOf(Props.Create(() => new RawEcho()), "raw-echo");
            var rawRef = await callerSystem.ActorSystem.ActorSelection(rawEcho.Path.ToStringWithAddress(AkkaAddress(calleeSystem))).ResolveOne(Timeout);

            Console.WriteLine($"Two ClusterSystems (joined, both Up) in this process on 127.0.0.1, port 0, Akka.Remote over loopback. Payload: the string \"{Payload}\" " +
                "each way. (a) facade: `await proxy.Echo(text)` on a distributed actor of the other system, RemoteCall.Batching on (default); " +
                "(d) the same on a second pair of systems with RemoteCall.Batching off " +
                $"({(DistributedInterfaceRegistry.IsGenerated(typeof(IEcho)) ? "generated proxy" : "reflection-fallback proxy")}); (b) raw Akka.NET " +
                "`await echoRef.Ask<string>(text)` to an actor that replies `Sender.Tell(message)`; (c) raw Akka.NET Tell ping-pong: a client actor " +
                "sends the next message when the reply arrives. Every caller keeps one call outstanding.");
            Console.WriteLine($"Throughput: per caller count, {rounds} rounds of {seconds} s per mode, modes interleaved (the order rotates every round), after a warm-up; the median round is shown. " +
                "CPU µs/call: this process's CPU time (both systems, all threads) during the round divided by the calls; less sensitive to other load on the machine than calls/s.");
            Console.WriteLine($"Latency: one caller, {latencyCalls} sequential calls per mode and round after 1000 warm-up calls, pooled over {rounds} rounds.");
            Console.WriteLine();

            var calls = new Dictionary<Mode, Func<Task>>
            {
                [Mode.Facade] = () => proxy.Echo(Payload),
                [Mode.Ask] = () => rawRef.Ask<string>(Payload, Timeout),
            };
            if (proxyUnbatched is not null) calls[Mode.FacadeUnbatched] = () => proxyUnbatched.Echo(Payload);
            foreach (var mode in modes) await ThroughputAsync(mode, 8, TimeSpan.FromSeconds(1), calls, callerSystem, rawRef);

            var compared = modes.Contains(Mode.Facade) && modes.Contains(Mode.Ask);
            var comparedUnbatched = modes.Contains(Mode.FacadeUnbatched) && modes.Contains(Mode.Ask);
            var headers = new List<string> { "callers" };
            headers.AddRange(modes.Select(m => $"{Name(m)} {(m == Mode.Tell ? "round trips" : "calls")}/s"));
            if (compared) headers.Add("a / b");
            if (comparedUnbatched) headers.Add("d / b");
            if (compared && comparedUnbatched) headers.Add("a / d");
            headers.AddRange(modes.Select(m => $"{Tag(m)} CPU µs/call"));
            headers.AddRange(modes.Select(m => $"{Tag(m)} bytes/call"));
            if (ContextSwitches.Available) headers.AddRange(modes.Select(m => $"{Tag(m)} ctx switches/call"));
            if (modes.Contains(Mode.Facade)) headers.AddRange(["(a) calls per batch", "(a) replies per batch"]);
            var throughput = new MarkdownTable([.. headers]);
            foreach (var callers in callerCounts)
            {
                var results = modes.ToDictionary(m => m, _ => new List<Round>());
                for (var round = 0; round < rounds; round++)
                    foreach (var mode in InRoundOrder(modes, round))
                        results[mode].Add(await ThroughputAsync(mode, callers, TimeSpan.FromSeconds(seconds), calls, callerSystem, rawRef));
                var rate = modes.ToDictionary(m => m, m => Stats.Median(results[m].Select(r => r.Rate).ToList()));
                var cells = new List<object> { callers };
                cells.AddRange(modes.Select(m => (object)rate[m]));
                if (compared) cells.Add(rate[Mode.Facade] / rate[Mode.Ask]);
                if (comparedUnbatched) cells.Add(rate[Mode.FacadeUnbatched] / rate[Mode.Ask]);
                if (compared && comparedUnbatched) cells.Add(rate[Mode.Facade] / rate[Mode.FacadeUnbatched]);
                cells.AddRange(modes.Select(m => (object)Stats.Median(results[m].Select(r => r.CpuMicrosPerCall).ToList())));
                cells.AddRange(modes.Select(m => (object)Math.Round(Stats.Median(results[m].Select(r => r.BytesPerCall).ToList()))));
                if (ContextSwitches.Available) cells.AddRange(modes.Select(m => (object)Stats.Median(results[m].Select(r => r.SwitchesPerCall).ToList())));
                if (modes.Contains(Mode.Facade))
                {
                    cells.Add(Stats.Median(results[Mode.Facade].Select(r => r.CallsPerBatch).ToList()));
                    cells.Add(Stats.Median(results[Mode.Facade].Select(r => r.RepliesPerBatch).ToList()));
                }
                throughput.Row([.. cells]);
            }
            Console.WriteLine("## Throughput");
            Console.WriteLine();
            Console.Write(throughput);
            Console.WriteLine();
            if (telemetry is not [{ Kind: TelemetryKind.Off }])
            {
                await TelemetryTableAsync(telemetry, callerCounts, rounds, TimeSpan.FromSeconds(seconds),
                    callers => ThroughputAsync(Mode.Facade, callers, TimeSpan.FromSeconds(seconds), calls, callerSystem, rawRef));
            }

            if (latencyCalls == 0) return 0;
            var latencies = modes.ToDictionary(m => m, _ => new List<double>());
            foreach (var mode in modes) await LatencyAsync(mode, 1000, calls, callerSystem, rawRef);
            for (var round = 0; round < rounds; round++)
                foreach (var mode in InRoundOrder(modes, round))
                    latencies[mode].AddRange(await LatencyAsync(mode, latencyCalls, calls, callerSystem, rawRef));
            var latency = new MarkdownTable("mode", "p50 (ms)", "p90 (ms)", "p99 (ms)");
            foreach (var mode in modes)
                latency.Row(Name(mode), Stats.Percentile(latencies[mode], 50), Stats.Percentile(latencies[mode], 90), Stats.Percentile(latencies[mode], 99));
            if (compared)
            {
                latency.Row("a / b", Stats.Percentile(latencies[Mode.Facade], 50) / Stats.Percentile(latencies[Mode.Ask], 50),
                    Stats.Percentile(latencies[Mode.Facade], 90) / Stats.Percentile(latencies[Mode.Ask], 90),
                    Stats.Percentile(latencies[Mode.Facade], 99) / Stats.Percentile(latencies[Mode.Ask], 99));
            }
            if (comparedUnbatched)
            {
                latency.Row("d / b", Stats.Percentile(latencies[Mode.FacadeUnbatched], 50) / Stats.Percentile(latencies[Mode.Ask], 50),
                    Stats.Percentile(latencies[Mode.FacadeUnbatched], 90) / Stats.Percentile(latencies[Mode.Ask], 90),
                    Stats.Percentile(latencies[Mode.FacadeUnbatched], 99) / Stats.Percentile(latencies[Mode.Ask], 99));
            }
            Console.WriteLine("## Sequential latency");
            Console.WriteLine();
            Console.Write(latency);
            return 0;
        }
        finally
        {
            await Task.WhenAll(callerSystem.ShutdownAsync(), calleeSystem.ShutdownAsync());
            if (unbatched is var (c, h)) await Task.WhenAll(c.ShutdownAsync(), h.ShutdownAsync());
        }
    }

    private static async Task<IEcho> EchoProxyAsync(ClusterSystem caller, ClusterSystem callee)
    {
        caller.Cluster.Join(callee.Cluster.Node);
        await caller.Cluster.WaitForAsync([caller.Cluster.UniqueNode, callee.Cluster.UniqueNode], Cluster.MemberStatus.Up, TimeSpan.FromSeconds(60));
        var hosted = callee.Spawn<IEcho>(() => new EchoActor());
        return caller.Resolve<IEcho>(hosted.Id);
    }

    private static ClusterSystemSettings Settings(string name, bool batching)
    {
        var settings = new ClusterSystemSettings(name);
        settings.RemoteCall.Batching = batching;
        settings.Node.Host = "127.0.0.1";
        settings.Node.Port = 0;
        settings.Logging.LogLevel = LogLevel.Warning;
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
        return settings;
    }

    /// <summary>
    /// The modes in the order one round runs them: rotated by one each round, so that no mode always runs first or always
    /// follows the same mode (whose leftovers, such as stopping ping-pong clients or a pending collection, land in the next window).
    /// </summary>
    private static IEnumerable<Mode> InRoundOrder(Mode[] modes, int round) => modes.Skip(round % modes.Length).Concat(modes.Take(round % modes.Length));

    private static Address AkkaAddress(ClusterSystem system) => Akka.Cluster.Cluster.Get(system.ActorSystem).SelfAddress;

    /// <summary>The modes to run: <c>a</c> in <paramref name="value"/> stands for the facade with each batching setting listed.</summary>
    private static Mode[] ParseModes(string value, string batching)
    {
        var facades = batching.Split(',').Select(part => part.Trim() switch
        {
            "on" => Mode.Facade,
            "off" => Mode.FacadeUnbatched,
            _ => throw new UsageException($"--batching \"{batching}\" is not a comma-separated list of on, off"),
        }).ToArray();
        if (facades.Length == 0) throw new UsageException("--batching needs on, off or both");
        var modes = value.Split(',').SelectMany(part => part.Trim() switch
        {
            "a" => facades,
            "b" => [Mode.Ask],
            "c" => [Mode.Tell],
            _ => throw new UsageException($"--modes \"{value}\" is not a comma-separated list of a, b, c"),
        }).Distinct().Order().ToArray();
        return modes.Length > 0 ? modes : throw new UsageException("--modes needs at least one of a, b, c");
    }

    private static string Tag(Mode mode) => mode switch
    {
        Mode.Facade => "(a)",
        Mode.FacadeUnbatched => "(d)",
        Mode.Ask => "(b)",
        _ => "(c)",
    };

    private static string Name(Mode mode) => mode switch
    {
        Mode.Facade => "(a) facade",
        Mode.FacadeUnbatched => "(d) facade, no batching",
        Mode.Ask => "(b) raw Ask",
        _ => "(c) raw Tell ping-pong",
    };

    /// <summary>
    /// One throughput round: calls/s, process CPU time per call, bytes allocated per call (all threads), and the process's context
    /// switches per call (Linux; at one caller most CPU time is the kernel switching threads, so this counts the thread hand-offs).
    /// </summary>
    private readonly record struct Round(double Rate, double CpuMicrosPerCall, double BytesPerCall, double SwitchesPerCall, long Calls, double CallsPerBatch, double RepliesPerBatch);

    /// <summary>Batches and items sent so far by the batching pair (calls by its caller, replies by its callee).</summary>
    private static Func<(long CallBatches, long Calls, long ReplyBatches, long Replies)> _batchesSent = () => default;

    private static async Task<Round> ThroughputAsync(Mode mode, int callers, TimeSpan duration, Dictionary<Mode, Func<Task>> calls,
        ClusterSystem system, IActorRef echo)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        // Precise: every thread's allocation context is counted (a per-thread counter would miss the remoting threads).
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var switchesBefore = ContextSwitches.OfProcess();
        var batchesBefore = _batchesSent();
        long count;
        double elapsed;
        if (mode == Mode.Tell)
        {
            var clients = Enumerable.Range(0, callers).Select(_ => new PingPongClient.Run(echo, Payload, long.MaxValue)).ToList();
            var refs = clients.Select(c => system.ActorSystem.ActorOf(Props.Create(() => new PingPongClient(c)))).ToList();
            var start = Stopwatch.GetTimestamp();
            await Task.Delay(duration);
            foreach (var c in clients) c.Stop();
            await Task.WhenAll(clients.Select(c => c.Done.Task));
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            foreach (var r in refs) system.ActorSystem.Stop(r);
            count = clients.Sum(c => c.Count);
        }
        else
        {
            var call = calls[mode];
            (count, elapsed) = await ClosedLoop.RunAsync(_ => call, callers, duration);
        }
        var switches = ContextSwitches.OfProcess() - switchesBefore;
        var batches = _batchesSent();
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - bytesBefore;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        var perCall = Math.Max(1, count);
        return new Round(count / elapsed, cpu / perCall, (double)bytes / perCall, (double)switches / perCall, count,
            (double)(batches.Calls - batchesBefore.Calls) / Math.Max(1, batches.CallBatches - batchesBefore.CallBatches),
            (double)(batches.Replies - batchesBefore.Replies) / Math.Max(1, batches.ReplyBatches - batchesBefore.ReplyBatches));
    }

    private static async Task<List<double>> LatencyAsync(Mode mode, int calls, Dictionary<Mode, Func<Task>> callOf, ClusterSystem system, IActorRef echo)
    {
        if (mode == Mode.Tell)
        {
            var run = new PingPongClient.Run(echo, Payload, calls);
            var client = system.ActorSystem.ActorOf(Props.Create(() => new PingPongClient(run)));
            await run.Done.Task;
            system.ActorSystem.Stop(client);
            return run.Samples;
        }
        return await ClosedLoop.SequentialAsync(callOf[mode], calls);
    }

    private sealed class RawEcho : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    /// <summary>Sends the payload, and the next one as soon as the reply arrives, until stopped or <c>Limit</c> round trips.</summary>
    private sealed class PingPongClient(PingPongClient.Run run) : UntypedActor
    {
        private long _sent;

        protected override void PreStart() => Send();

        protected override void OnReceive(object message)
        {
            run.Samples.Add(Stopwatch.GetElapsedTime(_sent).TotalMilliseconds);
            run.Count++;
            if (run.Count >= run.Limit || run.Stopped)
            {
                run.Done.TrySetResult();
                return;
            }
            Send();
        }

        private void Send()
        {
            _sent = Stopwatch.GetTimestamp();
            run.Echo.Tell(run.Payload, Self);
        }

        public sealed class Run(IActorRef echo, string payload, long limit)
        {
            private volatile bool _stopped;

            public IActorRef Echo { get; } = echo;

            public string Payload { get; } = payload;

            public long Limit { get; } = limit;

            public long Count { get; set; }

            public List<double> Samples { get; } = [];

            public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public bool Stopped => _stopped;

            public void Stop() => _stopped = true;
        }
    }
}
