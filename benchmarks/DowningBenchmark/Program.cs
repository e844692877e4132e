using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.DistributedActors;
using Akka.DistributedActors.TestKit;
using Akka.Remote;
using Akka.Remote.Transport;
using CustomDowning;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;

// Time from cutting one node of three off (throttler blackhole on both of its links) to that node being Unreachable, Down and
// Removed on the two survivors, and to the cut-off node's own termination, for each downing setting. Every scenario uses the
// test kit's failure-detector and gossip timings (heartbeat 200 ms, acceptable pause 1 s, gossip 200 ms).
// Usage: dotnet run -c Release --project benchmarks/DowningBenchmark [rounds]   (default 3 rounds per scenario)
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3;
var within = TimeSpan.FromSeconds(40);

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

var table = new List<string>();
var failed = false;
foreach (var (name, run) in scenarios)
{
    var results = new List<Times>();
    for (var r = 1; r <= rounds; r++)
    {
        Console.Error.WriteLine($"running {name}, round {r}");
        try
        {
            var t = await run().WaitAsync(within * 2);
            results.Add(t);
            table.Add(Row(name, r.ToString(CultureInfo.InvariantCulture), t));
        }
        catch (Exception e)
        {
            failed = true;
            table.Add($"| {name,-44} | {r,6} | failed: {e.GetType().Name}: {e.Message}");
        }
    }
    if (results.Count > 0)
        table.Add(Row(name, "median", new Times(Median(results, t => t.Unreachable), Median(results, t => t.Down),
            Median(results, t => t.Removed), Median(results, t => t.VictimTerminated))));
}

// Printed last, after the nodes' own shutdown chatter.
Console.WriteLine();
Console.WriteLine($"Downing latency, 3 nodes in one process, one cut off; {rounds} round(s) per scenario; ms after the cut.");
Console.WriteLine("Survivor columns are the later of the two survivors; 'victim ends' is when the cut-off node's ActorSystem terminated.");
Console.WriteLine();
Console.WriteLine($"| {"scenario",-44} | {"round",6} | {"unreachable",11} | {"down",6} | {"removed",7} | {"victim ends",11} |");
Console.WriteLine($"|{new string('-', 46)}|{new string('-', 8)}|{new string('-', 13)}|{new string('-', 8)}|{new string('-', 9)}|{new string('-', 13)}|");
foreach (var line in table) Console.WriteLine(line);
return failed ? 1 : 0;

static string Row(string name, string round, Times t) =>
    $"| {name,-44} | {round,6} | {Ms(t.Unreachable),11} | {Ms(t.Down),6} | {Ms(t.Removed),7} | {Ms(t.VictimTerminated),11} |";

static string Ms(double? ms) => ms is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

static double? Median(List<Times> all, Func<Times, double?> pick)
{
    var values = all.Select(pick).OfType<double>().OrderBy(v => v).ToList();
    return values.Count == 0 ? null : values[values.Count / 2];
}

async Task<Times> FacadeAsync(Action<ClusterSystemSettings> downing)
{
    var nodes = new List<ClusterSystem>();
    try
    {
        foreach (var name in new[] { "a", "b", "victim" })
        {
            var settings = new ClusterSystemSettings(name);
            TestSettings.Apply(settings);
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
        await Task.WhenAll(nodes.Select(n => n.Cluster.WaitForAsync(all, Cluster.MemberStatus.Up, within)));

        var clock = new Stopwatch();
        var survivors = new[] { a, b }.Select(s => Observe(s, victim.Cluster.UniqueNode, clock)).ToList();
        var victimEnds = victim.Terminated.ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
        await Task.Delay(200); // let both subscriptions deliver their snapshot before the cut
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

async Task<Times> Observe(ClusterSystem on, UniqueNode victim, Stopwatch clock)
{
    double? unreachable = null, down = null;
    using var cts = new CancellationTokenSource(within);
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

async Task<Times> RawAkkaAsync()
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
        await upAll.Task.WaitAsync(within);
        await WaitUntil(() => clusters.All(c => c.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) == 3), within);

        var clock = new Stopwatch();
        var victim = clusters[2];
        var recorders = clusters.Take(2).Select(c => new RawRecorder(c, victim.SelfUniqueAddress, clock)).ToList();
        for (var i = 0; i < recorders.Count; i++) recorders[i].Start(systems[i]);
        await Task.Delay(200);
        var victimEnds = systems[2].WhenTerminated.ContinueWith(_ => clock.Elapsed.TotalMilliseconds, TaskScheduler.Default);
        clock.Start();
        foreach (var survivor in clusters.Take(2))
        {
            await SetLink(systems[2], survivor.SelfAddress, Blackhole.Instance);
            await SetLink(survivor.System, victim.SelfAddress, Blackhole.Instance);
        }
        var seen = await Task.WhenAll(recorders.Select(r => r.Removed.Task.WaitAsync(within)));
        double? victimMs = await Task.WhenAny(victimEnds, Task.Delay(TimeSpan.FromSeconds(3))) == victimEnds ? victimEnds.Result : null;
        return new Times(seen.Max(s => s.Unreachable), seen.Max(s => s.Down), seen.Max(s => s.Removed), victimMs);
    }
    finally
    {
        await Task.WhenAll(systems.Select(s => s.Terminate())).WaitAsync(TimeSpan.FromSeconds(30));
    }
}

static async Task SetLink(ActorSystem from, Address to, ThrottleMode mode)
{
    var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
    if (!await transport.ManagementCommand(new SetThrottle(to, ThrottleTransportAdapter.Direction.Both, mode)))
        throw new InvalidOperationException($"The throttler on {from.Name} did not acknowledge {mode}.");
}

static async Task WaitUntil(Func<bool> condition, TimeSpan within)
{
    var deadline = DateTime.UtcNow + within;
    while (!condition())
    {
        if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met.");
        await Task.Delay(50);
    }
}

internal sealed record Times(double? Unreachable, double? Down, double? Removed, double? VictimTerminated);

/// <summary>Subscribes to Akka cluster events on one raw node and records when the victim went unreachable, down and removed.</summary>
internal sealed class RawRecorder(AkkaCluster cluster, Akka.Cluster.UniqueAddress victim, Stopwatch clock)
{
    private double? _unreachable;
    private double? _down;

    public AkkaCluster Cluster { get; } = cluster;

    public TaskCompletionSource<Times> Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Start(ActorSystem system) =>
        system.ActorOf(Props.Create(() => new Listener(this)));

    private void On(object e)
    {
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
