using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>transport</c>: the <c>calls</c> workload (facade proxy calls between two systems in this process over loopback) under
/// candidate Akka.Remote transport and dispatcher settings, side by side in one run, with raw Akka.NET <c>Ask</c> on Akka's
/// own defaults beside them. Each candidate is a pair of systems started with that HOCON on top of the facade's; all pairs
/// stay up and every round measures each pair once, in an order that rotates every round.
/// </summary>
internal static class TransportBenchmark
{
    public const string Summary = "facade calls under candidate Akka.Remote transport / dispatcher HOCON, beside raw Ask on Akka's defaults";

    public const string OptionsHelp = "--profiles all (or a list of the names printed in the table)  --callers 1,8,32  --seconds 1  --rounds 5  --latency-calls 2000";

    private const string Payload = "Caplin";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The name of the row that measures raw Akka.NET Ask between two ActorSystems configured with Akka's own defaults.</summary>
    private const string RawAkka = "raw Ask, Akka defaults";

    /// <summary>
    /// The candidates: HOCON given as <see cref="ClusterSystemSettings.AdditionalHocon"/>, so it wins over what the facade
    /// generates. <c>facade</c> is the facade's own defaults; <c>akka-transport</c> puts every transport and dispatcher key the
    /// facade sets back to Akka's value, so the two rows show what the facade's choices are worth.
    /// </summary>
    private static readonly (string Name, string Hocon)[] Profiles =
    [
        ("facade", ""),
        ("akka-transport", "akka.remote.dot-netty.tcp.batching.max-pending-writes = 30"),
        ("batching-off", "akka.remote.dot-netty.tcp.batching.enabled = off"),
        ("pending-writes-4", "akka.remote.dot-netty.tcp.batching.max-pending-writes = 4"),
        ("pending-writes-64", "akka.remote.dot-netty.tcp.batching.max-pending-writes = 64"),
        ("pending-writes-128", "akka.remote.dot-netty.tcp.batching.max-pending-writes = 128"),
        ("pending-writes-256", "akka.remote.dot-netty.tcp.batching.max-pending-writes = 256"),
        ("io-pool-1", """
            akka.remote.dot-netty.tcp.server-socket-worker-pool { pool-size-min = 1, pool-size-max = 1 }
            akka.remote.dot-netty.tcp.client-socket-worker-pool { pool-size-min = 1, pool-size-max = 1 }
            """),
        ("remote-fork-join-2", """
            akka.remote.default-remote-dispatcher.executor = fork-join-executor
            akka.remote.default-remote-dispatcher.fork-join-executor { parallelism-min = 2, parallelism-max = 2 }
            """),
        ("remote-channel", "akka.remote.default-remote-dispatcher.executor = channel-executor"),
        ("default-fork-join-2", """
            akka.actor.default-dispatcher.executor = fork-join-executor
            akka.actor.default-dispatcher.fork-join-executor { parallelism-min = 2, parallelism-max = 2 }
            """),
        ("default-channel", "akka.actor.default-dispatcher.executor = channel-executor"),
        ("channel-all", """
            akka.actor.default-dispatcher.executor = channel-executor
            akka.actor.internal-dispatcher.executor = channel-executor
            akka.remote.default-remote-dispatcher.executor = channel-executor
            """),
        ("throughput-5", "akka.actor.default-dispatcher.throughput = 5"),
        ("throughput-100", "akka.actor.default-dispatcher.throughput = 100"),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--profiles", "--callers", "--seconds", "--rounds", "--latency-calls");
        var profiles = SelectProfiles(options.String("--profiles", "all"));
        var callerCounts = options.Ints("--callers", [1, 8, 32]);
        var window = TimeSpan.FromSeconds(options.Int("--seconds", 1));
        var rounds = options.Int("--rounds", 5);
        var latencyCalls = options.Int("--latency-calls", 2000);

        Console.WriteLine($"# transport ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine($"Per candidate, two ClusterSystems (joined, both Up) in this process on 127.0.0.1, port 0, started with the candidate's HOCON " +
            $"as AdditionalHocon; `await proxy.Echo(\"{Payload}\")` as in `calls`. '{RawAkka}': two ActorSystems with `provider = remote` and nothing else " +
            "set, `await echoRef.Ask<string>(text)`. Every pair stays up; each round measures every pair once (latency, then throughput per caller count), " +
            $"the order rotating every round. {rounds} rounds of {window.TotalSeconds:0.#} s windows; latency: {latencyCalls} sequential calls per round. " +
            "Cells: median of the rounds (min-max). CPU: this process's CPU time per call at the largest caller count.");
        Console.WriteLine();

        var pairs = new List<Pair>();
        try
        {
            pairs.Add(await Pair.StartRawAsync());
            foreach (var (name, hocon) in profiles) pairs.Add(await Pair.StartFacadeAsync(name, hocon));
            foreach (var pair in pairs)
            {
                await ClosedLoop.SequentialAsync(pair.Call, 1000);
                await ThroughputAsync(pair.Call, 8, TimeSpan.FromMilliseconds(500));
            }

            var results = pairs.ToDictionary(p => p, _ => new Results(callerCounts));
            for (var round = 0; round < rounds; round++)
            {
                foreach (var pair in pairs.Skip(round % pairs.Count).Concat(pairs.Take(round % pairs.Count)))
                {
                    var r = results[pair];
                    var latency = await ClosedLoop.SequentialAsync(pair.Call, latencyCalls);
                    r.P50.Add(Stats.Percentile(latency, 50));
                    r.P90.Add(Stats.Percentile(latency, 90));
                    foreach (var callers in callerCounts)
                    {
                        var (rate, cpu) = await ThroughputAsync(pair.Call, callers, window);
                        r.Rate[callers].Add(rate);
                        r.Cpu[callers].Add(cpu);
                    }
                }
                Console.Error.WriteLine($"round {round + 1}/{rounds} done ({DateTime.UtcNow:HH:mm:ss} UTC, load average {RunInfo.LoadAverage()})");
            }

            var top = callerCounts.Max();
            var headers = new List<string> { "profile" };
            headers.AddRange(callerCounts.Select(c => $"{c} caller{(c == 1 ? "" : "s")} calls/s"));
            headers.AddRange(["p50 (ms)", "p90 (ms)", $"CPU µs/call at {top}"]);
            var baseline = pairs.FirstOrDefault(p => p.Name == "facade") is { } b ? results[b] : null;
            if (baseline is not null) headers.AddRange(callerCounts.Select(c => $"{c} / facade").Append("p50 / facade"));
            var table = new MarkdownTable([.. headers]);
            foreach (var pair in pairs)
            {
                var r = results[pair];
                var cells = new List<object> { pair.Name };
                cells.AddRange(callerCounts.Select(c => (object)Spread(r.Rate[c], "0")));
                cells.Add(Spread(r.P50, "0.000"));
                cells.Add(Spread(r.P90, "0.000"));
                cells.Add(Stats.Median(r.Cpu[top]));
                if (baseline is not null)
                {
                    cells.AddRange(callerCounts.Select(c => (object)(Stats.Median(r.Rate[c]) / Stats.Median(baseline.Rate[c]))));
                    cells.Add(Stats.Median(r.P50) / Stats.Median(baseline.P50));
                }
                table.Row([.. cells]);
            }
            Console.Write(table);
            Console.WriteLine();
            Console.WriteLine("| profile | HOCON on top of the facade's |");
            Console.WriteLine("| --- | --- |");
            foreach (var (name, hocon) in profiles)
                Console.WriteLine($"| {name} | {(hocon.Length == 0 ? "(none)" : string.Join("; ", hocon.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))} |");
            Console.WriteLine();
            Console.WriteLine($"Load average at the end: {RunInfo.LoadAverage()}.");
            return 0;
        }
        finally
        {
            await Task.WhenAll(pairs.Select(p => p.StopAsync()));
        }
    }

    private static (string Name, string Hocon)[] SelectProfiles(string value)
    {
        if (value == "all") return Profiles;
        return value.Split(',').Select(part => part.Trim()).Distinct().Select(name =>
            Profiles.FirstOrDefault(p => p.Name == name) is { Name: not null } p
                ? p
                : throw new UsageException($"--profiles \"{value}\": no profile \"{name}\" (known: all, {string.Join(", ", Profiles.Select(q => q.Name))})")).ToArray();
    }

    private static string Spread(List<double> values, string format) =>
        string.Create(CultureInfo.InvariantCulture, $"{Stats.Median(values).ToString(format, CultureInfo.InvariantCulture)} ({values.Min().ToString(format, CultureInfo.InvariantCulture)}-{values.Max().ToString(format, CultureInfo.InvariantCulture)})");

    /// <summary>Closed loop: <paramref name="callers"/> loops, each with one call outstanding; calls/s and process CPU µs per call.</summary>
    private static async Task<(double Rate, double CpuMicrosPerCall)> ThroughputAsync(Func<Task> call, int callers, TimeSpan window)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var (calls, elapsed) = await ClosedLoop.RunAsync(_ => call, callers, window);
        process.Refresh();
        var count = Math.Max(1, calls);
        return (count / elapsed, (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / count);
    }

    private sealed class Results(int[] callerCounts)
    {
        public Dictionary<int, List<double>> Rate { get; } = callerCounts.ToDictionary(c => c, _ => new List<double>());

        public Dictionary<int, List<double>> Cpu { get; } = callerCounts.ToDictionary(c => c, _ => new List<double>());

        public List<double> P50 { get; } = [];

        public List<double> P90 { get; } = [];
    }

    /// <summary>Two systems of one candidate and the call that crosses between them.</summary>
    private sealed class Pair(string name, Func<Task> call, Func<Task> stop)
    {
        public string Name => name;

        public Func<Task> Call => call;

        public Task StopAsync() => stop();

        public static async Task<Pair> StartFacadeAsync(string name, string hocon)
        {
            var caller = await ClusterSystem.StartAsync(Settings("caller", hocon));
            var callee = await ClusterSystem.StartAsync(Settings("callee", hocon));
            caller.Cluster.Join(callee.Cluster.Node);
            await caller.Cluster.WaitForAsync([caller.Cluster.UniqueNode, callee.Cluster.UniqueNode], Cluster.MemberStatus.Up, TimeSpan.FromSeconds(60));
            var proxy = caller.Resolve<IEcho>(callee.Spawn<IEcho>(() => new EchoActor()).Id);
            return new Pair(name, () => proxy.Echo(Payload), () => Task.WhenAll(caller.ShutdownAsync(), callee.ShutdownAsync()));
        }

        public static async Task<Pair> StartRawAsync()
        {
            var config = ConfigurationFactory.ParseString("akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = \"127.0.0.1\", port = 0 }\nakka.loglevel = WARNING");
            var caller = ActorSystem.Create("caller", config);
            var callee = ActorSystem.Create("callee", config);
            var echo = callee.ActorOf(Props.Create(() => new RawEcho()), "raw-echo");
            var address = ((ExtendedActorSystem)callee).Provider.DefaultAddress;
            var echoRef = await caller.ActorSelection(echo.Path.ToStringWithAddress(address)).ResolveOne(Timeout);
            return new Pair(RawAkka, () => echoRef.Ask<string>(Payload, Timeout), () => Task.WhenAll(caller.Terminate(), callee.Terminate()));
        }

        private static ClusterSystemSettings Settings(string name, string hocon)
        {
            var settings = new ClusterSystemSettings(name);
            settings.Node.Host = "127.0.0.1";
            settings.Node.Port = 0;
            settings.Logging.LogLevel = LogLevel.Warning;
            settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
            if (hocon.Length > 0) settings.AdditionalHocon = hocon;
            return settings;
        }
    }

    private sealed class RawEcho : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }
}
