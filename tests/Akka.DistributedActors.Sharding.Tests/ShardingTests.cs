using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Sharding.Tests;

/// <summary>Sharded actors over Akka.Cluster.Sharding on in-process nodes: placement by key, passivation, hand-off, crash, remember-entities.</summary>
public sealed class ShardingTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const int Keys = 30;
    private readonly EntityLog _log = new();
    private long _seq;

    // Fast sharding timings for a test cluster; quorum reads and writes of the coordinator state need only the reachable members.
    protected override void ConfigureSettings(ClusterSystemSettings settings)
    {
        settings.RemoteCall.DefaultTimeout = TimeSpan.FromSeconds(10);
        settings.AdditionalHocon = """
            akka.cluster.sharding {
              retry-interval = 200ms
              rebalance-interval = 500ms
              waiting-for-state-timeout = 500ms
              updating-state-timeout = 1s
              coordinator-failure-backoff = 500ms
              shard-start-timeout = 2s
              entity-restart-backoff = 500ms
              distributed-data.majority-min-cap = 1
              coordinator-state { write-majority-plus = 0, read-majority-plus = 0 }
            }
            akka.cluster.singleton.hand-over-retry-interval = 200ms
            """;
    }

    private void StartCounters(IEnumerable<ClusterSystem> nodes, Action<ShardingSettings>? configure = null)
    {
        foreach (var node in nodes)
        {
            var name = node.Settings.Name;
            node.Sharding.Start<ICounter>(_ => new Counter(_log, name), s =>
            {
                s.NumberOfShards = Keys;
                configure?.Invoke(s);
            });
        }
    }

    private Task<Visit> IncrementAsync(ClusterSystem from, int key) => from.Sharding.Get<ICounter>(Key(key)).Increment(Interlocked.Increment(ref _seq));

    private static string Key(int key) => $"counter/{key}#";

    /// <summary>Calls every key once from <paramref name="from"/> and returns the keys whose entity runs on node <paramref name="name"/>.</summary>
    private async Task<List<int>> KeysOnAsync(ClusterSystem from, string name)
    {
        var visits = await Task.WhenAll(Enumerable.Range(0, Keys).Select(key => IncrementAsync(from, key)));
        return Enumerable.Range(0, Keys).Where(key => visits[key].Node == name).ToList();
    }

    [Fact]
    public async Task Keys_spread_over_the_hosts_and_each_key_reaches_one_instance_from_every_node_including_a_proxy_only_one()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c", "d"]);
        var hosts = nodes[..3];
        StartCounters(hosts);
        nodes[3].Sharding.StartProxy<ICounter>(s => s.NumberOfShards = Keys);

        // Keys in parallel; each key's calls in node order, so its count shows they reached one instance.
        var byKey = await Task.WhenAll(Enumerable.Range(0, Keys).Select(async key =>
        {
            var visits = new List<Visit>();
            foreach (var node in nodes) visits.Add(await IncrementAsync(node, key));
            return visits;
        }));
        var instanceOf = new Dictionary<int, Visit>();
        for (var key = 0; key < Keys; key++)
        {
            var visits = byKey[key];
            Assert.Single(visits.Select(v => (v.Node, v.Instance)).Distinct());
            Assert.Equal([1, 2, 3, 4], visits.Select(v => v.Count));
            Assert.Equal(Key(key), visits[0].EntityId);
            instanceOf[key] = visits[0];
        }
        Assert.Equal(["a", "b", "c"], instanceOf.Values.Select(v => v.Node).Distinct().Order());
        Assert.DoesNotContain(_log.Events, e => e.EndsWith("@d", StringComparison.Ordinal));

        // The ID is the same from every node, resolves anywhere, and travels in calls to the same instance.
        var fromA = nodes[0].Sharding.Get<ICounter>(Key(7));
        var fromD = nodes[3].Sharding.Get<ICounter>(Key(7));
        Assert.Equal(fromA.Id, fromD.Id);
        Assert.Equal(fromA.Id, await fromD.Me());
        Assert.Equal(fromA.Id, ActorID.Parse(fromA.Id.ToString()));
        var resolved = nodes[1].Resolve<ICounter>(ActorID.Parse(fromA.Id.ToString()));
        Assert.Equal(instanceOf[7].Instance, (await resolved.Increment(-1)).Instance);
        var viaOther = await nodes[3].Sharding.Get<ICounter>(Key(8)).IncrementOther(fromD, -2);
        Assert.Equal(instanceOf[7].Instance, viaOther.Instance);
    }

    [Fact]
    public async Task An_idle_entity_passivates_through_its_hook_its_watchers_hear_of_it_and_the_next_call_activates_a_new_instance()
    {
        var nodes = await SetUpClusterAsync(["a", "b"]);
        StartCounters(nodes, s => s.PassivateIdleAfter = TimeSpan.FromMilliseconds(300));

        var first = await IncrementAsync(nodes[0], 1);
        var host = first.Node;
        var elsewhere = nodes.Single(n => n.Settings.Name != host);
        var entity = elsewhere.Sharding.Get<ICounter>(Key(1));
        await elsewhere.Spawn<IWatcher>(() => new Watcher(_log)).Watch(entity);
        await EventuallyAsync(() =>
        {
            Assert.Contains($"passivate:{Key(1)}@{host}", _log.Events);
            Assert.Contains($"terminated:{entity.Id}", _log.Events);
        }, TimeSpan.FromSeconds(10));
        var second = await IncrementAsync(nodes[0], 1);

        Assert.NotEqual(first.Instance, second.Instance);
        Assert.Equal(1, second.Count);
        Assert.Equal([$"activate:{Key(1)}@{host}", $"passivate:{Key(1)}@{host}"], _log.Events.Where(e => !e.StartsWith("terminated:", StringComparison.Ordinal)).Take(2));
        Assert.Single(_log.Events, $"terminated:{entity.Id}");
    }

    [Fact]
    public async Task Entities_built_by_dependency_injection_get_their_services_and_their_key()
    {
        var services = new ServiceCollection().AddSingleton(_log).BuildServiceProvider();
        var node = await SetUpNodeAsync("a", s => s.Services = services);
        await JoinNodesAsync(node, node);
        node.Sharding.Start<ICounter, InjectedCounter>();

        var visit = await node.Sharding.Get<ICounter>("injected").Increment(1);

        Assert.Equal(("a", "injected", 1), (visit.Node, visit.EntityId, visit.Count));
        Assert.Equal(1, _log.NextInstance() - 1);
    }

    [Fact]
    public async Task A_factory_that_throws_fails_calls_at_once_with_ActivationFailed_and_runs_again_only_after_the_retry_delay()
    {
        var node = await SetUpNodeAsync("a");
        await JoinNodesAsync(node, node);
        var runs = 0;
        var broken = true;
        node.Sharding.Start<ICounter>(id =>
        {
            Interlocked.Increment(ref runs);
            return Volatile.Read(ref broken) ? throw new InvalidOperationException($"no state for {id}") : new Counter(_log, "a");
        }, s => s.RetryActivationAfter = TimeSpan.FromSeconds(3));
        var entity = node.Sharding.Get<ICounter>("broken/1");

        for (var seq = 1; seq <= 5; seq++)
        {
            var error = await Assert.ThrowsAsync<RemoteCallException>(() => RemoteCall.WithTimeoutAsync(TimeSpan.FromSeconds(5), () => entity.Increment(seq)));
            Assert.Equal(RemoteCallErrorKind.ActivationFailed, error.Kind);
            Assert.Contains("System.InvalidOperationException: no state for broken/1", error.Message);
        }
        Assert.Equal(1, Volatile.Read(ref runs));

        // Once the delay has passed, the next call runs the factory again, once.
        Volatile.Write(ref broken, false);
        await EventuallyAsync(async () => Assert.Equal(1, (await entity.Increment(6)).Count), TimeSpan.FromSeconds(15));
        Assert.Equal(2, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task When_a_node_leaves_its_entities_answer_from_the_others_and_no_call_meanwhile_is_lost_or_run_twice()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        StartCounters(nodes);
        var onC = await KeysOnAsync(nodes[0], "c");
        Assert.NotEmpty(onC);

        // Callers on a and b keep calling every key while c leaves and hands its shards over.
        using var stop = new CancellationTokenSource();
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(long Seq, Visit? Visit, Exception? Error)>();
        var callers = nodes[..2].Select(from => Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested || round < 2; round++)
            {
                for (var key = 0; key < Keys; key++)
                {
                    var seq = Interlocked.Increment(ref _seq);
                    try
                    {
                        outcomes.Add((seq, await from.Sharding.Get<ICounter>(Key(key)).Increment(seq), null));
                    }
                    catch (Exception e)
                    {
                        outcomes.Add((seq, null, e));
                    }
                }
            }
        })).ToList();
        Mark("c leaves");
        await nodes[2].ShutdownAsync();
        await EnsureNodesAtLeastAsync(Cluster.MemberStatus.Removed, nodes[0], null, nodes[2].Cluster.UniqueNode);
        stop.Cancel();
        await Task.WhenAll(callers);

        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<RemoteCallException>(o.Error));
        Assert.All(outcomes, o => Assert.True(_log.Runs.GetValueOrDefault(o.Seq) <= 1, $"call {o.Seq} ran twice"));
        Assert.All(outcomes.Where(o => o.Visit is not null), o => Assert.Equal(1, _log.Runs.GetValueOrDefault(o.Seq)));
        foreach (var key in onC) Assert.NotEqual("c", (await IncrementAsync(nodes[1], key)).Node);
        Output?.WriteLine($"{outcomes.Count} calls during the leave, {outcomes.Count(o => o.Error is not null)} failed visibly.");
        Assert.Contains(onC, key => _log.Has($"passivate:{Key(key)}@c"));
    }

    [Fact]
    public async Task Entities_of_a_crashed_node_are_recreated_on_the_survivors_at_their_next_call()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        StartCounters(nodes);
        var onC = await KeysOnAsync(nodes[0], "c");
        Assert.NotEmpty(onC);

        await CrashAsync(nodes[2]);
        await EnsureNodesAtLeastAsync(Cluster.MemberStatus.Removed, nodes[0], null, nodes[2].Cluster.UniqueNode);
        // A call routed to c before the coordinator learned it is gone is lost with c, and fails visibly by its timeout.
        foreach (var key in onC)
        {
            await EventuallyAsync(async () =>
            {
                var visit = await RemoteCall.WithTimeoutAsync(TimeSpan.FromSeconds(2), () => IncrementAsync(nodes[0], key));
                Assert.NotEqual("c", visit.Node);
                Assert.Contains($"activate:{Key(key)}@{visit.Node}", _log.Events);
            }, TimeSpan.FromSeconds(15));
        }
    }

    [Fact]
    public async Task Remembered_entities_are_started_again_without_a_call_when_their_node_leaves()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        StartCounters(nodes, s => s.RememberEntities = true);
        var onC = await KeysOnAsync(nodes[0], "c");
        Assert.NotEmpty(onC);

        await nodes[2].ShutdownAsync();
        await EventuallyAsync(() => Assert.All(onC, key =>
            Assert.True(_log.Has($"activate:{Key(key)}@a") || _log.Has($"activate:{Key(key)}@b"), $"{Key(key)} was not started again"))
            , TimeSpan.FromSeconds(15));
    }
}
