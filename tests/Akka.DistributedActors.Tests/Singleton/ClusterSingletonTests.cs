using System.Collections.Concurrent;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Singleton;

/// <summary>One instance cluster-wide, reached from every node; hand-over on leave with buffered calls answered; allocation limits.</summary>
[LongRunning(30)]
public sealed class ClusterSingletonTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private readonly ConcurrentQueue<string> _events = new();

    private static readonly ClusterSingletonSettings Fast = new()
    {
        IdentificationInterval = TimeSpan.FromMilliseconds(200),
        HandOverRetryInterval = TimeSpan.FromMilliseconds(200),
        AllocationTimeout = TimeSpan.FromSeconds(10),
    };

    protected override void ConfigureSettings(ClusterSystemSettings settings) => settings.RemoteCall.DefaultTimeout = TimeSpan.FromSeconds(15);

    private Task<ClusterSystem[]> ThreeNodesAsync() => SetUpClusterAsync(["a", "b", "c"]);

    /// <summary>The facade names of the Up members as <paramref name="on"/> sees them, oldest first (Akka's singleton order).</summary>
    private static List<string> ByAge(ClusterSystem on) =>
        Akka.Cluster.Cluster.Get(on.ActorSystem).State.Members
            .Where(m => m.Status == Akka.Cluster.MemberStatus.Up)
            .OrderBy(m => m, Akka.Cluster.Member.AgeOrdering)
            .Select(m => m.Roles.Single(r => r.StartsWith(AkkaConversions.NameRolePrefix, StringComparison.Ordinal))
                [AkkaConversions.NameRolePrefix.Length..])
            .ToList();

    [Fact]
    public async Task Calls_from_every_node_reach_one_instance_on_the_oldest_member()
    {
        var nodes = await ThreeNodesAsync();
        var proxies = nodes.Select(n => n.Singleton.Host<ICounter>("counter", () => new Counter(_events), Fast)).ToList();

        var replies = new List<CounterReply>();
        for (var round = 0; round < 3; round++)
        {
            foreach (var proxy in proxies) replies.Add(await proxy.Increment());
        }
        var oldest = ByAge(nodes[0])[0];
        Assert.All(replies, r => Assert.Equal(oldest, r.Host));
        Assert.Equal(Enumerable.Range(1, 9), replies.Select(r => r.Count));
        Assert.Equal(["activate:" + oldest], _events);

        var callerOnly = await SetUpNodeAsync("d");
        await JoinNodesAsync(callerOnly, nodes[0]);
        Assert.Equal(new CounterReply(oldest, 10), await callerOnly.Singleton.Proxy<ICounter>("counter", Fast).Increment());
    }

    [Fact]
    public async Task A_role_restricts_the_singleton_to_members_with_that_role()
    {
        // c joins after a and b are Up, so it is the youngest member: only the role can put the singleton there.
        var nodes = await SetUpClusterAsync(["a", "b", "c"], s =>
        {
            if (s.Name == "c") s.Roles.Add("backend");
        });
        var backend = new ClusterSingletonSettings
        {
            Role = "backend",
            IdentificationInterval = Fast.IdentificationInterval,
            HandOverRetryInterval = Fast.HandOverRetryInterval,
            AllocationTimeout = Fast.AllocationTimeout,
        };
        Assert.NotEqual("c", ByAge(nodes[0])[0]);
        var proxies = nodes.Select(n => n.Singleton.Host<ICounter>("counter", () => new Counter(_events), backend)).ToList();

        foreach (var proxy in proxies) Assert.Equal("c", (await proxy.Increment()).Host);
        Assert.Equal(["activate:c"], _events);
    }

    [Fact]
    public async Task Singleton_moves_when_its_node_leaves_and_calls_buffered_meanwhile_are_answered()
    {
        var nodes = await ThreeNodesAsync();
        var proxies = nodes.Select(n => n.Singleton.Host<ICounter>("counter", () => new Counter(_events), Fast)).ToList();
        var byAge = ByAge(nodes[0]);
        var (first, next) = (byAge[0], byAge[1]);
        Assert.Equal(first, (await proxies[0].Increment()).Host);
        var leaving = nodes.Single(n => n.Name == first);
        var callers = nodes.Where(n => n != leaving).Select(n => proxies[Array.IndexOf(nodes, n)]).ToList();

        leaving.Cluster.Leave();
        // Calls keep coming from the two remaining nodes while the instance moves; none may be lost or fail.
        var during = new List<Task<CounterReply>>();
        var deadline = DateTime.UtcNow + DefaultWithin;
        while (DateTime.UtcNow < deadline)
        {
            during.AddRange(callers.Select(p => p.Increment()));
            var last = await Task.WhenAll(during.TakeLast(callers.Count));
            if (last.All(r => r.Host == next)) break;
        }
        var answered = await Task.WhenAll(during);
        Assert.Equal(next, answered[^1].Host);
        Assert.Equal(["activate:" + first, "passivate:" + first, "activate:" + next], _events);

        // Fresh state on the new node: its counts start at 1 and every call got its own.
        var onNext = answered.Where(r => r.Host == next).Select(r => r.Count).ToList();
        Assert.Equal(Enumerable.Range(1, onNext.Count), onNext.Order());
    }

    /// <summary>
    /// Without hooks the old instance stops as soon as the hand-over starts, so the calls it has taken and not yet run (a busy
    /// counter keeps several in its mailbox) are the ones at risk; with a slow <see cref="IClusterSingleton.PassivateAsync"/>
    /// calls keep arriving while it runs.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Concurrent_calls_during_a_hand_over_are_all_answered_once_and_hooks_run_around_it(bool hooks)
    {
        var nodes = await ThreeNodesAsync();
        var passivation = TimeSpan.FromMilliseconds(500);
        Func<ICounter> factory = hooks ? () => new SlowPassivationCounter(_events, passivation) : () => new BusyCounter();
        var proxies = nodes.Select(n => n.Singleton.Host("counter", factory, Fast)).ToList();
        var byAge = ByAge(nodes[0]);
        var (first, next) = (byAge[0], byAge[1]);
        Assert.Equal(first, (await proxies[0].Increment()).Host);
        var leaving = nodes.Single(n => n.Name == first);
        var callers = nodes.Where(n => n != leaving).Select(n => proxies[Array.IndexOf(nodes, n)]).ToList();

        // Six loops per remaining node keep calls in flight through passivation, the gap without an instance and activation.
        using var stop = new CancellationTokenSource(DefaultWithin);
        async Task<List<CounterReply>> CallLoop(ICounter proxy)
        {
            var replies = new List<CounterReply>();
            while (!stop.IsCancellationRequested)
            {
                var reply = await proxy.Increment();
                replies.Add(reply);
                if (reply.Host == next && replies.Count(r => r.Host == next) >= 5) break;
            }
            return replies;
        }
        leaving.Cluster.Leave();
        var loops = callers.SelectMany(p => Enumerable.Range(0, 6).Select(_ => CallLoop(p))).ToList();
        var answered = (await Task.WhenAll(loops)).SelectMany(r => r).ToList();

        Assert.False(stop.IsCancellationRequested, "the singleton did not move within the deadline");
        Output?.WriteLine($"calls answered by {first} after Leave: {answered.Count(r => r.Host == first)}, by {next}: {answered.Count(r => r.Host == next)}");
        if (hooks) Assert.Equal(["activate:" + first, "passivate:" + first, "passivated:" + first, "activate:" + next], _events);
        else Assert.Empty(_events);
        // Each call ran exactly once: the counts on each instance are 1..n without gaps or repeats.
        foreach (var host in new[] { first, next })
        {
            var counts = answered.Where(r => r.Host == host).Select(r => r.Count).Order().ToList();
            var start = host == first ? 2 : 1; // the first instance took one call before Leave
            Assert.Equal(Enumerable.Range(start, counts.Count), counts);
        }
        Assert.Contains(answered, r => r.Host == next);
    }

    [Fact]
    public async Task Calls_fail_with_a_clear_error_when_no_instance_is_allocated_in_time_or_the_buffer_is_full()
    {
        var nodes = await ThreeNodesAsync();
        var settings = new ClusterSingletonSettings { Role = "nobody-has-this", AllocationTimeout = TimeSpan.FromMilliseconds(500), BufferCapacity = 1 };
        var proxy = nodes[1].Singleton.Proxy<ICounter>("orphan", settings);

        var waiting = proxy.Increment();
        var overflow = await Assert.ThrowsAsync<ClusterSingletonAllocationException>(() => proxy.Increment());
        Assert.Contains("BufferCapacity", overflow.Message);
        var timedOut = await Assert.ThrowsAsync<ClusterSingletonAllocationException>(() => waiting);
        Assert.Contains("'orphan'", timedOut.Message);
        Assert.Contains("AllocationTimeout", timedOut.Message);

        Assert.Throws<ClusterSystemSettingsException>(() => nodes[0].Singleton.Proxy<ICounter>("bad", new ClusterSingletonSettings { BufferCapacity = -1 }));
        Assert.Throws<ArgumentException>(() => nodes[0].Singleton.Proxy<ICounter>("has space"));
    }
}
