using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>formation</c>: (1) time until every one of N nodes sees all N members Up, through the facade and through raw Akka.NET
/// with the same configuration, and (2) the delay from an Akka cluster event to the matching <see cref="Cluster.Event"/>
/// reaching a facade subscriber.
/// </summary>
internal static partial class FormationBenchmark
{
    public const string Summary = "cluster formation time, facade vs raw Akka.NET; event delay Akka -> facade subscriber";

    public const string OptionsHelp = "--sizes 3,10  --repetitions 10  --event-rounds 10 (0 skips)  --log-level off|debug|info|warning|error";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    // Off by default: Akka's log lines would interleave with the tables. Turn it on to see why a run was slow.
    private static LogLevel s_logLevel = LogLevel.Off;

    /// <summary>How the nodes are joined in one formation run.</summary>
    private enum Variant
    {
        /// <summary>Raw Akka.NET: node 0 joins itself, the others <c>JoinSeedNodes([node 0])</c>.</summary>
        Raw,

        /// <summary>Facade as a user writes it: every other node calls <c>Cluster.Join(node 0)</c>; the join handshake decides who founds.</summary>
        Facade,

        /// <summary>Facade with node 0 founding first (<c>Cluster.Join</c> of itself), then the others join it: isolates the handshake.</summary>
        FacadeNode0Founds,
    }

    internal readonly record struct Sample(double FirstUpMs, double AllKnownMs, double AllUpMs);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--sizes", "--repetitions", "--event-rounds", "--log-level");
        var sizes = options.Ints("--sizes", [3, 10], min: 2);
        var repetitions = options.Int("--repetitions", 10);
        var eventRounds = options.Int("--event-rounds", 10, min: 0);
        s_logLevel = options.Enum("--log-level", LogLevel.Off);
        Variant[] variants = [Variant.Raw, Variant.Facade, Variant.FacadeNode0Founds];

        Console.WriteLine($"# formation ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine("All nodes in this process on 127.0.0.1, port 0, TestSettings timings (gossip, leader actions and heartbeat 200 ms,");
        Console.WriteLine("seed-node-timeout 1 s), AutoLeaderElection LowestReachable(1). Raw Akka.NET uses the HOCON the facade generates for the");
        Console.WriteLine($"same settings. Per size: one warm-up round, then {repetitions} rounds; each round runs every variant once, in turn.");
        Console.WriteLine("Timed: from the join calls until the last node has seen all N members Up (start-up and shutdown are not timed).");
        Console.WriteLine();

        var samples = new Dictionary<(int N, Variant V), List<Sample>>();
        foreach (var n in sizes)
        {
            foreach (var v in variants) await FormOnceAsync(v, n);
            foreach (var v in variants) samples[(n, v)] = [];
            for (var rep = 0; rep < repetitions; rep++)
                foreach (var v in variants) samples[(n, v)].Add(await FormOnceAsync(v, n));
        }

        Console.WriteLine("## Formation: time until every node sees all N members Up");
        Console.WriteLine();
        Console.WriteLine("Formation is paced by the 200 ms leader-actions and gossip ticks, whose phase relative to the join differs per run,");
        Console.WriteLine("so single runs differ by about one tick; the mean is the steadier estimate, the median is given as asked.");
        Console.WriteLine();
        var table = new MarkdownTable("N", "raw median (ms)", "facade median (ms)", "facade / raw (medians)",
            "raw mean (ms)", "facade mean (ms)", "facade / raw (means)");
        foreach (var n in sizes)
        {
            var raw = samples[(n, Variant.Raw)].Select(s => s.AllUpMs).ToList();
            var facade = samples[(n, Variant.Facade)].Select(s => s.AllUpMs).ToList();
            table.Row(n, Stats.Median(raw), Stats.Median(facade), Ratio(Stats.Median(facade), Stats.Median(raw)),
                raw.Average(), facade.Average(), Ratio(facade.Average(), raw.Average()));
        }
        Console.Write(table);
        Console.WriteLine();

        Console.WriteLine("Breakdown: \"first Up\" = until the first node sees a member Up (the cluster is founded; for the facade this");
        Console.WriteLine("includes the join handshake). \"all known\" = until every node knows all N members, whatever their status: the joins");
        Console.WriteLine("themselves, not rounded up to the next leader tick as \"all Up\" is. \"facade, node 0 founds\" joins node 0 to itself");
        Console.WriteLine("before the others join it.");
        Console.WriteLine();
        var breakdown = new MarkdownTable("N", "variant", "first Up, median (ms)", "all known, median (ms)", "all known, mean (ms)",
            "all Up, median (ms)", "all Up, mean (ms)", "mean / raw mean", "runs (ms)");
        foreach (var n in sizes)
        {
            var rawMean = samples[(n, Variant.Raw)].Average(s => s.AllUpMs);
            foreach (var v in variants)
            {
                var runs = samples[(n, v)];
                var allUp = runs.Select(s => s.AllUpMs).ToList();
                var allKnown = runs.Select(s => s.AllKnownMs).ToList();
                breakdown.Row(n, Describe(v), Stats.Median(runs.Select(s => s.FirstUpMs).ToList()), Stats.Median(allKnown), allKnown.Average(),
                    Stats.Median(allUp), allUp.Average(), Ratio(allUp.Average(), rawMean), Runs(allUp));
            }
        }
        Console.Write(breakdown);
        Console.WriteLine();

        if (eventRounds > 0) await EventDelayAsync(eventRounds);
        if (RunInfo.LoadAverage() is { } load) Console.WriteLine($"\nLoad average at the end: {load}.");
        return 0;
    }

    /// <summary>Settings every benchmark node uses, facade and raw alike.</summary>
    internal static ClusterSystemSettings Settings(string name)
    {
        var settings = new ClusterSystemSettings(name);
        TestSettings.Apply(settings);
        settings.Logging.LogLevel = s_logLevel;
        settings.Logging.UseBuiltInFormatter = s_logLevel != LogLevel.Off;
        // Akka's standard-out logger (e.g. "This node was marked as [Down]") would still print between the tables.
        if (s_logLevel == LogLevel.Off) settings.AdditionalHocon = "akka.stdout-loglevel = OFF";
        return settings;
    }

    private static Task<Sample> FormOnceAsync(Variant variant, int n) =>
        variant == Variant.Raw ? RawFormationAsync(n) : FacadeFormationAsync(n, node0FoundsFirst: variant == Variant.FacadeNode0Founds);

    private static async Task<Sample> FacadeFormationAsync(int n, bool node0FoundsFirst)
    {
        var systems = new List<ClusterSystem>();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            for (var i = 0; i < n; i++) systems.Add(await ClusterSystem.StartAsync(Settings($"node{i}")));
            var watches = systems.Select(s => WatchFacade(s, n, cts.Token)).ToList();
            await Task.WhenAll(watches.Select(w => w.Ready)).WaitAsync(cts.Token);
            var start = Stopwatch.GetTimestamp();
            if (node0FoundsFirst) systems[0].Cluster.Join(systems[0].Cluster.Node);
            foreach (var s in systems.Skip(1)) s.Cluster.Join(systems[0].Cluster.Node);
            return await MeasureAsync(start, watches, cts.Token);
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.ShutdownAsync()));
        }
    }

    private static async Task<Sample> RawFormationAsync(int n)
    {
        var systems = new List<ActorSystem>();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            for (var i = 0; i < n; i++)
            {
                var settings = Settings($"node{i}");
                systems.Add(await Task.Run(() => ActorSystem.Create(settings.ClusterName, HoconBuilder.Build(settings))));
            }
            var watches = systems.Select(_ => new FormationWatch()).ToList();
            for (var i = 0; i < n; i++) systems[i].ActorOf(RawUpCounter.Props(AkkaCluster.Get(systems[i]), n, watches[i]));
            await Task.WhenAll(watches.Select(w => w.Ready)).WaitAsync(cts.Token);
            var start = Stopwatch.GetTimestamp();
            var first = AkkaCluster.Get(systems[0]);
            first.Join(first.SelfAddress);
            foreach (var s in systems.Skip(1)) AkkaCluster.Get(s).JoinSeedNodes([first.SelfAddress]);
            return await MeasureAsync(start, watches, cts.Token);
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => CoordinatedShutdown.Get(s).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance)));
        }
    }

    internal static async Task<Sample> MeasureAsync(long start, List<FormationWatch> watches, CancellationToken cancellationToken)
    {
        var firstUp = await Task.WhenAny(watches.Select(w => w.FirstUp)).Unwrap().WaitAsync(cancellationToken);
        var allUp = await Task.WhenAll(watches.Select(w => w.AllUp)).WaitAsync(cancellationToken);
        var allKnown = await Task.WhenAll(watches.Select(w => w.AllKnown)).WaitAsync(cancellationToken);
        return new Sample(Stats.Milliseconds(start, firstUp), Stats.Milliseconds(start, allKnown.Max()), Stats.Milliseconds(start, allUp.Max()));
    }

    /// <summary>A facade user's way to learn that a cluster formed: read <c>Cluster.Events</c> until N members are Up.</summary>
    internal static FormationWatch WatchFacade(ClusterSystem system, int expected, CancellationToken cancellationToken)
    {
        var watch = new FormationWatch();
        _ = ReadAsync();
        return watch;

        async Task ReadAsync()
        {
            var membership = Cluster.Membership.Empty;
            try
            {
                await foreach (var e in system.Cluster.Events.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    var now = Stopwatch.GetTimestamp();
                    membership = membership.Apply(e);
                    watch.SetReady();
                    watch.Observe(membership.Count, membership.CountWithStatus(Cluster.MemberStatus.Up), expected, now);
                    if (watch.AllUp.IsCompleted) return;
                }
                watch.Fail(new InvalidOperationException($"{system} shut down before {expected} members were Up."));
            }
            catch (Exception e)
            {
                watch.Fail(e);
            }
        }
    }

    private static string Describe(Variant v) => v switch
    {
        Variant.Raw => "raw Akka.NET",
        Variant.Facade => "facade",
        _ => "facade, node 0 founds",
    };

    private static string Ratio(double a, double b) => (a / b).ToString("0.00", CultureInfo.InvariantCulture);

    private static string Runs(IEnumerable<double> ms) => string.Join(" ", ms.Select(m => m.ToString("0", CultureInfo.InvariantCulture)));
}
