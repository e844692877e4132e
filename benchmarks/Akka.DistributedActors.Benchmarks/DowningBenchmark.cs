using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Akka.DistributedActors.TestKit;
using CustomDowning;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// Time from cutting one node of three off (throttler blackhole on both of its links) to that node being Unreachable, Down and
/// Removed on the two survivors, and to the cut-off node's own termination, for each downing setting, with the test kit's
/// failure-detector and gossip timings everywhere (heartbeat 200 ms, acceptable pause 1 s, gossip 200 ms).
/// </summary>
internal static class DowningBenchmark
{
    public const string Summary = "time from a node cut-off to Down: Timeout(1s), Akka SBR keep-majority, custom strategy, raw Akka SBR";

    public const string OptionsHelp = "--rounds 5";

    private static readonly TimeSpan Within = TimeSpan.FromSeconds(40);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = new BenchmarkArgs(args, "--rounds").Int("--rounds", 5);
        var scenarios = new (string Name, Func<Task<Times>> Run)[]
        {
            ("facade Timeout(1s)", () => FacadeAsync(s =>
            {
                s.Downing = DowningStrategySettings.Timeout(new TimeoutBasedDowningStrategySettings { DownUnreachableMembersAfter = TimeSpan.FromSeconds(1) });
                s.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(2);
            })),
            ("facade SplitBrainResolver(keep-majority, 2s)", () => FacadeAsync(s => s.Downing = DowningStrategySettings.SplitBrainResolver(
                new SplitBrainResolverSettings { Strategy = SplitBrainResolverStrategy.KeepMajority(), StableAfter = TimeSpan.FromSeconds(2) }))),
            ("facade Custom(majority timeout 1s)", () => FacadeAsync(s =>
                s.Downing = DowningStrategySettings.Custom(ctx => new MajorityTimeoutDowning(ctx.SelfNode, TimeSpan.FromSeconds(1))))),
            ("raw Akka.NET SBR (keep-majority, 2s)", RawAkkaAsync),
        };
        var info = RunInfo.Describe();
        var table = new MarkdownTable("scenario", "round", "unreachable", "down", "removed", "victim ends");
        var failed = false;
        foreach (var (name, run) in scenarios)
        {
            var results = new List<Times>();
            for (var r = 1; r <= rounds; r++)
            {
                Console.Error.WriteLine($"downing: {name}, round {r}");
                try
                {
                    var t = await run().WaitAsync(Within * 2);
                    results.Add(t);
                    table.Row(name, r, Ms(t.Unreachable), Ms(t.Down), Ms(t.Removed), Ms(t.VictimTerminated));
                }
                catch (Exception e)
                {
                    failed = true;
                    table.Row(name, r, $"failed: {e.GetType().Name}", "-", "-", "-");
                }
            }
            if (results.Count > 0)
                table.Row(name, "median", Median(results, t => t.Unreachable), Median(results, t => t.Down), Median(results, t => t.Removed),
                    Median(results, t => t.VictimTerminated));
        }
        // Printed last, after the nodes' own shutdown chatter.
        Console.WriteLine($"# downing ({info})");
        Console.WriteLine();
        Console.WriteLine("Milliseconds after the cut. Survivor columns are the later of the two survivors; 'victim ends' is when the");
        Console.WriteLine("cut-off node's ActorSystem terminated ('-': it kept running). Median rows are per column.");
        Console.WriteLine();
        Console.Write(table);
        if (RunInfo.LoadAverage() is { } load) Console.WriteLine($"\nLoad average at the end: {load}.");
        return failed ? 1 : 0;
    }

    private static string Ms(double? ms) => ms is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string Median(List<Times> all, Func<Times, double?> pick)
    {
        var values = all.Select(pick).OfType<double>().ToList();
        return values.Count == 0 ? "-" : Ms(Stats.Median(values));
    }

    private static async Task<Times> FacadeAsync(Action<ClusterSystemSettings> downing)
    {
        var nodes = new List<ClusterSystem>();
        try
        {
            foreach (var name in new[] { "a", "b", "victim" })
            {
                var settings = new ClusterSystemSettings(name);
                TestSettings.Apply(settings);
                // The recorded tables were measured with a 1 s pause (the kit now uses 2 s to tolerate a loaded CI machine).
                settings.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(1);
                settings.Logging.LogLevel = LogLevel.Warning;
                downing(settings);
                settings.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.Zero);
                TestSettings.AddKitHocon(settings);
                nodes.Add(await ClusterSystem.StartAsync(settings));
            }
            var (a, b, victim) = (nodes[0], nodes[1], nodes[2]);
            b.Cluster.Join(a.Cluster.Node);
            victim.Cluster.Join(a.Cluster.Node);
            var all = nodes.Select(n => n.Cluster.UniqueNode).ToArray();
            await Task.WhenAll(nodes.Select(n => n.Cluster.WaitForAsync(all, Cluster.MemberStatus.Up, Within)));

            var clock = new Stopwatch();
            var survivors = new[] { a, b }.Select(s => Observe(s, victim.Cluster.UniqueNode, clock)).ToList();
            var victimEnds = victim.Terminated.ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
            clock.Start();
            await FaultInjection.BlackholeAsync(victim, a);
            await FaultInjection.BlackholeAsync(victim, b);
            var seen = await Task.WhenAll(survivors);
            double? victimMs = await Task.WhenAny(victimEnds, Task.Delay(TimeSpan.FromSeconds(3))) == victimEnds ? victimEnds.Result : null;
            return new Times(seen.Max(s => s.Unreachable), seen.Max(s => s.Down), seen.Max(s => s.Removed), victimMs);
        }
        finally
        {
            // A cut-off node that is still running cannot leave gracefully; it is stopped abruptly, the others leave.
            if (nodes.Count == 3) await nodes[2].ActorSystem.Terminate();
            await Task.WhenAll(nodes.Select(n => n.ShutdownAsync())).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<Times> Observe(ClusterSystem on, UniqueNode victim, Stopwatch clock)
    {
        double? unreachable = null, down = null;
        using var cts = new CancellationTokenSource(Within);
        await foreach (var e in on.Cluster.Events.WithCancellation(cts.Token))
        {
            switch (e)
            {
                case Cluster.ReachabilityChange r when r.Member.Node.Equals(victim) && r.ToUnreachable:
                    unreachable ??= clock.Elapsed.TotalMilliseconds;
                    break;
                case Cluster.MembershipChange c when c.Node.Equals(victim) && c.Status == Cluster.MemberStatus.Down:
                    down ??= clock.Elapsed.TotalMilliseconds;
                    break;
                case Cluster.MembershipChange c when c.Node.Equals(victim) && c.Status == Cluster.MemberStatus.Removed:
                    return new Times(unreachable, down, clock.Elapsed.TotalMilliseconds, null);
            }
        }
        throw new TimeoutException($"{on} did not remove {victim}.");
    }

    private static async Task<Times> RawAkkaAsync()
    {
        const string hocon = """
            akka.loglevel = WARNING
            akka.stdout-loglevel = OFF
            akka.loggers = ["Akka.DistributedActors.TestKit.CapturingLogger, Akka.DistributedActors.TestKit"]
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, applied-adapters = [trttl] }
            akka.remote.retry-gate-closed-for = 1s
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.cluster {
              gossip-interval = 200ms
              leader-actions-interval = 200ms
              unreachable-nodes-reaper-interval = 200ms
              periodic-tasks-initial-delay = 100ms
              failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 1s, expected-response-after = 200ms, threshold = 8.0 }
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            }
            """;
        var systems = Enumerable.Range(0, 3).Select(_ => ActorSystem.Create("raw", ConfigurationFactory.ParseString(hocon))).ToList();
        try
        {
            var clusters = systems.Select(AkkaCluster.Get).ToList();
            foreach (var c in clusters) c.Join(clusters[0].SelfAddress);
            var upAll = new TaskCompletionSource();
            var upCount = 0;
            foreach (var c in clusters) c.RegisterOnMemberUp(() => { if (Interlocked.Increment(ref upCount) == 3) upAll.TrySetResult(); });
            await upAll.Task.WaitAsync(Within);
            await WaitUntil(() => clusters.All(c => c.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 3), Within);

            var clock = new Stopwatch();
            var victim = clusters[2];
            var recorders = clusters.Take(2).Select(c => new RawRecorder(c, victim.SelfUniqueAddress, clock)).ToList();
            for (var i = 0; i < recorders.Count; i++) recorders[i].Start(systems[i]);
            await Task.WhenAll(recorders.Select(r => r.Subscribed.Task)).WaitAsync(Within);
            var victimEnds = systems[2].WhenTerminated.ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
            clock.Start();
            foreach (var survivor in clusters.Take(2))
            {
                await SetLink(systems[2], survivor.SelfAddress, Blackhole.Instance);
                await SetLink(survivor.System, victim.SelfAddress, Blackhole.Instance);
            }
            var seen = await Task.WhenAll(recorders.Select(r => r.Removed.Task.WaitAsync(Within)));
            double? victimMs = await Task.WhenAny(victimEnds, Task.Delay(TimeSpan.FromSeconds(3))) == victimEnds ? victimEnds.Result : null;
            return new Times(seen.Max(s => s.Unreachable), seen.Max(s => s.Down), seen.Max(s => s.Removed), victimMs);
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate())).WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task SetLink(ActorSystem from, Address to, ThrottleMode mode)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
        if (!await transport.ManagementCommand(new SetThrottle(to, ThrottleTransportAdapter.Direction.Both, mode)))
            throw new InvalidOperationException($"The throttler on {from.Name} did not acknowledge {mode}.");
    }

    private static async Task WaitUntil(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met.");
            await Task.Delay(50);
        }
    }
}

/// <summary>Milliseconds after the cut; null when it did not happen.</summary>
internal sealed record Times(double? Unreachable, double? Down, double? Removed, double? VictimTerminated);

/// <summary>Subscribes to Akka cluster events on one raw node and records when the victim went unreachable, down and removed.</summary>
internal sealed class RawRecorder(AkkaCluster cluster, Akka.Cluster.UniqueAddress victim, Stopwatch clock)
{
    private double? _unreachable;
    private double? _down;

    public AkkaCluster Cluster { get; } = cluster;

    public TaskCompletionSource<Times> Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the first event (Akka replays the current members on subscription).</summary>
    public TaskCompletionSource Subscribed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start(ActorSystem system) =>
        system.ActorOf(Props.Create(() => new Listener(this)));

    private void On(object e)
    {
        Subscribed.TrySetResult();
        switch (e)
        {
            case UnreachableMember u when u.Member.UniqueAddress.Equals(victim):
                _unreachable ??= clock.Elapsed.TotalMilliseconds;
                break;
            case MemberDowned d when d.Member.UniqueAddress.Equals(victim):
                _down ??= clock.Elapsed.TotalMilliseconds;
                break;
            case MemberRemoved r when r.Member.UniqueAddress.Equals(victim):
                Removed.TrySetResult(new Times(_unreachable, _down, clock.Elapsed.TotalMilliseconds, null));
                break;
        }
    }

    private sealed class Listener : UntypedActor
    {
        private readonly RawRecorder _recorder;

        public Listener(RawRecorder recorder) => _recorder = recorder;

        protected override void PreStart() =>
            _recorder.Cluster.Subscribe(Self, InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));

        protected override void OnReceive(object message) => _recorder.On(message);
    }
}
