using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.Singleton;
using Akka.DistributedData;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>The distributed-actor interface of the <c>reception</c> benchmark: answers with the name of its node.</summary>
public interface IWhere : IDistributedActor
{
    /// <summary>The name of the node hosting this actor.</summary>
    Task<string> Where();
}

/// <summary>The facade side of the <c>reception</c> benchmark.</summary>
public sealed class WhereActor : DistributedActor, IWhere
{
    /// <inheritdoc />
    public Task<string> Where() => Task.FromResult(System.Name);
}

/// <summary>
/// <c>reception</c>: with 3 nodes in this process, (1) receptionist propagation: check-in on A until B's Lookup lists it, next to raw
/// Akka.DistributedData (ORSet add with WriteLocal on A until B's replicator subscription sees it), same replicator and timings;
/// (2) singleton hand-over: the oldest node leaves; time from Leave() until a call from another node is answered by the new
/// instance, for a facade singleton and a raw ClusterSingletonManager/Proxy pair hosted side by side in the same cluster.
/// </summary>
internal static class ReceptionBenchmark
{
    public const string Summary = "receptionist propagation (check-in on A -> listed on B) and singleton hand-over, facade vs raw Akka, 3 nodes";

    public const string OptionsHelp = "--checkins 20  --handovers 3";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan RawRetry = TimeSpan.FromMilliseconds(250);

    private static readonly DistributedReception.Key<IWhere> Key = new("bench");

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--checkins", "--handovers");
        var checkins = options.Int("--checkins", 20);
        var handovers = options.Int("--handovers", 3);
        var timings = new ReceptionistSettings();
        Console.WriteLine($"# reception ({RunInfo.Describe()})");
        Console.WriteLine();
        Console.WriteLine($"Three ClusterSystems in this process on 127.0.0.1 (port 0), joined and Up. Receptionist settings: gossip-interval " +
            $"{timings.GossipInterval.TotalMilliseconds:0} ms (deltas every {Math.Max(200, timings.GossipInterval.TotalMilliseconds / 5):0} ms), " +
            $"notify-subscribers-interval {timings.NotifySubscribersInterval.TotalMilliseconds:0} ms. Observers poll every 1 ms.");
        Console.WriteLine();
        await PropagationAsync(checkins);
        await HandOverAsync(handovers);
        return 0;
    }

    private static async Task PropagationAsync(int checkins)
    {
        var nodes = await StartAsync("a", "b", "c");
        try
        {
            var (a, b) = (nodes[0], nodes[1]);
            foreach (var node in nodes) _ = node.Receptionist;
            var rawKey = new ORSetKey<string>("bench-raw");
            var rawSeen = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
            var observer = b.ActorSystem.ActorOf(Props.Create(() => new RawObserver(rawKey, rawSeen)));
            var replicatorA = DistributedData.DistributedData.Get(a.ActorSystem).Replicator;
            var selfA = Akka.Cluster.Cluster.Get(a.ActorSystem).SelfUniqueAddress;
            var facade = new List<double>();
            var raw = new List<double>();
            for (var i = 0; i < checkins + 2; i++)
            {
                var actor = a.Spawn<IWhere>(() => new WhereActor());
                var start = Stopwatch.GetTimestamp();
                await a.Receptionist.CheckInAsync(actor, Key);
                await UntilAsync(() => b.Receptionist.Lookup(Key).Any(w => w.Id.Equals(actor.Id)));
                var facadeMs = Stats.Milliseconds(start, Stopwatch.GetTimestamp());

                var element = "raw-" + i;
                start = Stopwatch.GetTimestamp();
                replicatorA.Tell(Dsl.Update(rawKey, ORSet<string>.Empty, WriteLocal.Instance, s => s.Add(selfA, element)));
                await UntilAsync(() => rawSeen.ContainsKey(element));
                var rawMs = Stats.Milliseconds(start, rawSeen[element]);
                if (i < 2) continue; // warm-up
                facade.Add(facadeMs);
                raw.Add(rawMs);
            }
            observer.Tell(PoisonPill.Instance);
            Console.WriteLine($"## Receptionist propagation: check-in on A until listed on B ({checkins} check-ins after 2 warm-up)");
            Console.WriteLine();
            var table = new MarkdownTable("", "mean ms", "median ms", "p90 ms", "max ms");
            table.Row("facade: CheckInAsync on A -> B's Lookup lists it", facade.Average(), Stats.Median(facade), Stats.Percentile(facade, 90), facade.Max());
            table.Row("raw DData: ORSet add on A -> B's subscription", raw.Average(), Stats.Median(raw), Stats.Percentile(raw, 90), raw.Max());
            Console.WriteLine(table);
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.ShutdownAsync()));
        }
    }

    private static async Task HandOverAsync(int rounds)
    {
        var facade = new List<double>();
        var raw = new List<double>();
        var singletonSettings = new ClusterSingletonSettings
        {
            HandOverRetryInterval = TimeSpan.FromMilliseconds(200),
            IdentificationInterval = TimeSpan.FromMilliseconds(200),
            AllocationTimeout = TimeSpan.FromSeconds(30),
        };
        for (var round = 0; round < rounds; round++)
        {
            var nodes = await StartAsync("a", "b", "c");
            try
            {
                var proxies = nodes.Select(n => n.Singleton.Host<IWhere>("where", () => new WhereActor(), singletonSettings)).ToList();
                var rawProxies = nodes.Select(n =>
                {
                    var manager = new ClusterSingletonManagerSettings("singleton", null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200), false);
                    n.ActorSystem.ActorOf(ClusterSingletonManager.Props(Props.Create(() => new RawWhere(n.Name)), PoisonPill.Instance, manager), "raw-where");
                    return n.ActorSystem.ActorOf(ClusterSingletonProxy.Props("/user/raw-where",
                        new ClusterSingletonProxySettings("singleton", null, TimeSpan.FromMilliseconds(200), 1000, false, false, TimeSpan.FromSeconds(60))));
                }).ToList();
                var first = await proxies[1].Where();
                var rawFirst = await rawProxies[1].Ask<string>("where", Deadline);
                var leaving = nodes.Single(n => n.Name == first);
                var caller = Array.IndexOf(nodes, nodes.First(n => n != leaving));

                var start = Stopwatch.GetTimestamp();
                leaving.Cluster.Leave();
                var facadeDone = Task.Run(async () =>
                {
                    while (await proxies[caller].Where() == first) { }
                    return Stopwatch.GetTimestamp();
                });
                var rawDone = Task.Run(async () =>
                {
                    // Akka's proxy does not resend a message that reached the old instance as it stopped: ask again on a short timeout.
                    while (true)
                    {
                        try
                        {
                            if (await rawProxies[caller].Ask<string>("where", RawRetry) != rawFirst) return Stopwatch.GetTimestamp();
                        }
                        catch (AskTimeoutException)
                        {
                        }
                    }
                });
                facade.Add(Stats.Milliseconds(start, await facadeDone.WaitAsync(Deadline)));
                raw.Add(Stats.Milliseconds(start, await rawDone.WaitAsync(Deadline)));
            }
            finally
            {
                await Task.WhenAll(nodes.Select(n => n.ShutdownAsync()));
            }
        }
        Console.WriteLine($"## Singleton hand-over: oldest of 3 leaves -> a call from another node answered by the new instance ({rounds} rounds)");
        Console.WriteLine();
        Console.WriteLine("Manager hand-over-retry-interval and proxy identification interval 200 ms on both sides; removal-margin 0. " +
            $"The raw caller asks again after {RawRetry.TotalMilliseconds:0} ms without a reply (Akka's proxy drops a message that reaches the old " +
            "instance as it stops); the facade's router resends such calls itself.");
        Console.WriteLine();
        var table = new MarkdownTable("", "mean ms", "median ms", "min ms", "max ms");
        table.Row("facade: system.Singleton proxy", facade.Average(), Stats.Median(facade), facade.Min(), facade.Max());
        table.Row("raw: ClusterSingletonManager + Proxy, Ask", raw.Average(), Stats.Median(raw), raw.Min(), raw.Max());
        Console.WriteLine(table);
    }

    private static async Task<ClusterSystem[]> StartAsync(params string[] names)
    {
        var nodes = new List<ClusterSystem>();
        foreach (var name in names)
        {
            var settings = new ClusterSystemSettings(name);
            settings.Node.Host = "127.0.0.1";
            settings.Node.Port = 0;
            settings.Logging.LogLevel = LogLevel.Warning;
            settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
            settings.RemoteCall.DefaultTimeout = TimeSpan.FromSeconds(30);
            nodes.Add(await ClusterSystem.StartAsync(settings));
        }
        foreach (var node in nodes.Skip(1)) node.Cluster.Join(nodes[0].Cluster.Node);
        await nodes[0].Cluster.WaitForAsync(nodes.Select(n => n.Cluster.UniqueNode), Cluster.MemberStatus.Up, Deadline);
        foreach (var node in nodes) await node.Cluster.WaitForAsync(nodes.Select(n => n.Cluster.UniqueNode), Cluster.MemberStatus.Up, Deadline);
        return nodes.ToArray();
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(Deadline.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("A benchmark condition did not hold within 60 s.");
            await Task.Delay(1);
        }
    }

    private sealed class RawObserver : ReceiveActor
    {
        public RawObserver(ORSetKey<string> key, System.Collections.Concurrent.ConcurrentDictionary<string, long> seen)
        {
            DistributedData.DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(key, Self));
            Receive<Changed>(c =>
            {
                var now = Stopwatch.GetTimestamp();
                foreach (var element in c.Get(key).Elements) seen.TryAdd(element, now);
            });
        }
    }

    private sealed class RawWhere : ReceiveActor
    {
        public RawWhere(string name) => ReceiveAny(_ => Sender.Tell(name));
    }
}
