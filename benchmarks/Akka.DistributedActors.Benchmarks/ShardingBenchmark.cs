using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// <c>sharding</c>: sharded distributed actors against raw Akka.Cluster.Sharding on three in-process nodes: activation rate of new
/// entities, bytes per idle entity, call throughput to existing entities (sharded facade vs an ordinary distributed actor vs
/// raw sharding Ask), and how long a fourth node takes to get its share of the shards.
/// </summary>
internal static class ShardingBenchmark
{
    public const string Summary = "sharded actors vs raw Akka.Cluster.Sharding Ask: activation rate, bytes/entity, calls, rebalance on join";

    public const string OptionsHelp = "--entities 100000  --callers 1,8,32  --seconds 1  --rounds 3  --shards 100  --modes abc (the call modes to run, e.g. a to profile one)";

    private const string Payload = "Caplin";
    private const string RawType = "raw-echo";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = new BenchmarkArgs(args, "--entities", "--callers", "--seconds", "--rounds", "--shards", "--modes");
        var entities = options.Int("--entities", 100_000);
        var callerCounts = options.Ints("--callers", [1, 8, 32]);
        var seconds = options.Int("--seconds", 1);
        var rounds = options.Int("--rounds", 3);
        var shards = options.Int("--shards", 100);
        var only = options.String("--modes", "abc");

        Console.WriteLine($"# sharding ({RunInfo.Describe()})");
        Console.WriteLine();
        var nodes = new List<ClusterSystem>();
        try
        {
            foreach (var name in new[] { "a", "b", "c" }) nodes.Add(await ClusterSystem.StartAsync(Settings(name)));
            await JoinAsync(nodes[0], nodes);
            var regions = new List<IActorRef>();
            foreach (var node in nodes)
            {
                node.Sharding.Start<IEcho>(_ => new EchoActor(), s =>
                {
                    s.NumberOfShards = shards;
                    s.PassivateIdleAfter = null;
                });
                regions.Add(StartRaw(node, shards));
            }
            var caller = nodes[0];
            var rawRegion = regions[0];
            var ordinary = caller.Resolve<IEcho>(nodes[1].Spawn<IEcho>(() => new EchoActor()).Id);
            Console.WriteLine($"Three ClusterSystems in this process on 127.0.0.1 (Akka.Remote over loopback), {shards} shards, idle passivation off. " +
                "Calls come from node a; the entities spread over a, b and c. (a) sharded facade: `await system.Sharding.Get<IEcho>(key).Echo(text)`; " +
                "(b) ordinary distributed actor spawned on node b: `await proxy.Echo(text)`; (c) raw Akka.Cluster.Sharding: " +
                "`await region.Ask<string>(new ShardingEnvelope(key, text))` to an entity that replies `Sender.Tell(message)`. " +
                $"Payload: the string \"{Payload}\".");
            Console.WriteLine();

            // Warm-up: coordinators allocated, every shard homed on the caller's region, both paths jitted.
            await ActivateAsync(i => caller.Sharding.Get<IEcho>($"w{i}").Echo(Payload), 2 * shards, 32);
            await ActivateAsync(i => rawRegion.Ask<string>(new ShardingEnvelope($"w{i}", Payload), Timeout), 2 * shards, 32);

            var activation = new MarkdownTable("variant", "entities", "seconds", "entities/s", "bytes/idle entity (whole process)");
            // Two halves in the order facade, raw, raw, facade: neither side always runs on the colder (less compiled) process.
            Func<int, Task> facadeCall = i => caller.Sharding.Get<IEcho>($"e{i}").Echo(Payload);
            Func<int, Task> rawCall = i => rawRegion.Ask<string>(new ShardingEnvelope($"e{i}", Payload), Timeout);
            var half = entities / 2;
            var facadeFirst = await MeasureActivationAsync(facadeCall, 0, half);
            var rawFirst = await MeasureActivationAsync(rawCall, 0, half);
            var rawSecond = await MeasureActivationAsync(rawCall, half, entities);
            var facadeSecond = await MeasureActivationAsync(facadeCall, half, entities);
            var facadeActivation = (Seconds: facadeFirst.Seconds + facadeSecond.Seconds, Bytes: facadeFirst.Bytes + facadeSecond.Bytes);
            var rawActivation = (Seconds: rawFirst.Seconds + rawSecond.Seconds, Bytes: rawFirst.Bytes + rawSecond.Bytes);
            activation.Row("(a) sharded facade", entities, facadeActivation.Seconds, entities / facadeActivation.Seconds, Math.Round(facadeActivation.Bytes / entities));
            activation.Row("(c) raw sharding", entities, rawActivation.Seconds, entities / rawActivation.Seconds, Math.Round(rawActivation.Bytes / entities));
            Console.WriteLine("## Activation (32 callers, each key called once, in two halves ordered facade, raw, raw, facade; memory: GC heap after a full collection, before and after)");
            Console.WriteLine();
            Console.Write(activation);
            Console.WriteLine();

            var calls = new MarkdownTable("callers", "(a) sharded calls/s", "(b) ordinary calls/s", "(c) raw Ask calls/s", "a / c", "a / b",
                "(a) bytes/call", "(b) bytes/call", "(c) bytes/call");
            var keys = Math.Min(entities, 10_000);
            Func<Random, Task>[] modes =
            [
                r => caller.Sharding.Get<IEcho>($"e{r.Next(keys)}").Echo(Payload),
                _ => ordinary.Echo(Payload),
                r => rawRegion.Ask<string>(new ShardingEnvelope($"e{r.Next(keys)}", Payload), Timeout),
            ];
            foreach (var callers in callerCounts)
            {
                var results = modes.Select(_ => new List<(double Rate, double Bytes)>()).ToArray();
                for (var round = 0; round < rounds; round++)
                {
                    for (var k = 0; k < modes.Length; k++)
                    {
                        var m = (k + round) % modes.Length;
                        if (only.Contains((char)('a' + m))) results[m].Add(await ThroughputAsync(modes[m], callers, TimeSpan.FromSeconds(seconds)));
                    }
                }
                var rate = results.Select(r => r.Count == 0 ? double.NaN : Stats.Median(r.Select(x => x.Rate).ToList())).ToArray();
                var bytes = results.Select(r => r.Count == 0 ? double.NaN : Math.Round(Stats.Median(r.Select(x => x.Bytes).ToList()))).ToArray();
                calls.Row(callers, rate[0], rate[1], rate[2], rate[0] / rate[2], rate[0] / rate[1], bytes[0], bytes[1], bytes[2]);
            }
            Console.WriteLine($"## Calls to existing entities ({keys} keys, random key per call; median of {rounds} rounds of {seconds} s, modes interleaved)");
            Console.WriteLine();
            Console.Write(calls);
            Console.WriteLine();

            var fourth = await ClusterSystem.StartAsync(Settings("d"));
            nodes.Add(fourth);
            fourth.Sharding.Start<IEcho>(_ => new EchoActor(), s =>
            {
                s.NumberOfShards = shards;
                s.PassivateIdleAfter = null;
            });
            StartRaw(fourth, shards);
            var joined = Stopwatch.GetTimestamp();
            await JoinAsync(nodes[0], nodes);
            var up = Stopwatch.GetElapsedTime(joined).TotalSeconds;
            var facadeBalanced = BalancedAsync(nodes, "IEcho", shards, joined);
            var rawBalanced = BalancedAsync(nodes, RawType, shards, joined);
            var rebalance = new MarkdownTable("variant", "node d Up (s)", "first shard on d (s)", "balanced (s)", "shards on d");
            var f = await facadeBalanced;
            var r = await rawBalanced;
            rebalance.Row("(a) sharded facade", up, f.First, f.Balanced, f.OnFourth);
            rebalance.Row("(c) raw sharding", up, r.First, r.Balanced, r.OnFourth);
            Console.WriteLine($"## Rebalance when a fourth node joins (rebalance-interval 1 s, least-shard allocation with rebalance-absolute-limit {shards / 10}; balanced: no region holds more than one shard above another)");
            Console.WriteLine();
            Console.Write(rebalance);
            return 0;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.ShutdownAsync()));
        }
    }

    private static ClusterSystemSettings Settings(string name)
    {
        var settings = new ClusterSystemSettings(name);
        settings.Node.Host = "127.0.0.1";
        settings.Node.Port = 0;
        settings.Logging.LogLevel = LogLevel.Warning;
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
        settings.RemoteCall.DefaultTimeout = Timeout;
        settings.AdditionalHocon = """
            akka.cluster.sharding {
              retry-interval = 200ms
              rebalance-interval = 1s
              least-shard-allocation-strategy.rebalance-absolute-limit = 10
              state-store-mode = ddata
            }
            """;
        return settings;
    }

    private static async Task JoinAsync(ClusterSystem seed, IReadOnlyList<ClusterSystem> nodes)
    {
        foreach (var node in nodes) node.Cluster.Join(seed.Cluster.Node);
        foreach (var node in nodes) await node.Cluster.WaitForAsync(nodes.Select(n => n.Cluster.UniqueNode), Cluster.MemberStatus.Up, TimeSpan.FromSeconds(60));
    }

    private static IActorRef StartRaw(ClusterSystem node, int shards)
    {
        var config = node.ActorSystem.Settings.Config;
        var sharding = ConfigurationFactory.ParseString("passivate-idle-entity-after = off").WithFallback(config.GetConfig("akka.cluster.sharding"));
        var settings = ClusterShardingSettings.Create(sharding, config.GetConfig(sharding.GetString("coordinator-singleton")));
        return ClusterSharding.Get(node.ActorSystem).Start(RawType, Props.Create<RawEntity>(), settings, new RawExtractor(shards));
    }

    private static Task ActivateAsync(Func<int, Task> call, int count, int callers) => ActivateAsync(call, 0, count, callers);

    /// <summary>Calls keys <paramref name="from"/> up to (not including) <paramref name="to"/>, each once.</summary>
    private static async Task ActivateAsync(Func<int, Task> call, int from, int to, int callers)
    {
        var next = from - 1;
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < to; i = Interlocked.Increment(ref next)) await call(i);
        })));
    }

    /// <summary>Activates keys <paramref name="from"/> to <paramref name="to"/>: the time it took and the bytes the heap grew by.</summary>
    private static async Task<(double Seconds, double Bytes)> MeasureActivationAsync(Func<int, Task> call, int from, int to)
    {
        var before = HeapAfterCollection();
        var start = Stopwatch.GetTimestamp();
        await ActivateAsync(call, from, to, 32);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.Delay(500);
        return (elapsed, HeapAfterCollection() - before);
    }

    private static long HeapAfterCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static async Task<(double Rate, double Bytes)> ThroughputAsync(Func<Random, Task> call, int callers, TimeSpan duration)
    {
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: true);
        var (calls, elapsed) = await ClosedLoop.RunAsync(c =>
        {
            var random = new Random(c);
            return () => call(random);
        }, callers, duration);
        var count = Math.Max(1, calls);
        return (count / elapsed, (double)(GC.GetTotalAllocatedBytes(precise: true) - bytesBefore) / count);
    }

    /// <summary>Polls every region's shard count until the new (last) node holds its share: first shard there, then balanced.</summary>
    private static async Task<(double First, double Balanced, int OnFourth)> BalancedAsync(IReadOnlyList<ClusterSystem> nodes, string typeName, int shards,
        long since)
    {
        double? first = null;
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var counts = await Task.WhenAll(nodes.Select(async n =>
            {
                var state = await ClusterSharding.Get(n.ActorSystem).ShardRegion(typeName)
                    .Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Timeout);
                return state.Shards.Count;
            }));
            var now = Stopwatch.GetElapsedTime(since).TotalSeconds;
            if (counts[^1] > 0) first ??= now;
            if (counts.Sum() >= shards && counts.Max() - counts.Min() <= 1) return (first ?? now, now, counts[^1]);
            await Task.Delay(100);
        }
        throw new TimeoutException($"The shards of {typeName} were not balanced over {nodes.Count} nodes within 120 s.");
    }

    private sealed class RawEntity : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message);
    }

    /// <summary>Only <see cref="ShardingEnvelope"/>s are sent, which Akka's hash extractor unwraps by itself.</summary>
    private sealed class RawExtractor(int shards) : HashCodeMessageExtractor(shards)
    {
        public override string? EntityId(object message) => null;
    }
}
