using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.WorkerPool;

/// <summary>Dynamic pools over the receptionist, static pools, strategies, and workers leaving the pool.</summary>
public sealed class WorkerPoolTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Dynamic_pool_round_robins_over_three_workers_and_continues_when_one_terminates()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        var c = await SetUpNodeAsync("c");
        await JoinNodesAsync(b, a);
        await JoinNodesAsync(c, a);
        await EnsureAllUpAsync([a, b, c]);
        var workers = new List<IHasher>();
        foreach (var node in new[] { a, b, c })
        {
            var worker = node.Spawn<IHasher>(() => new Hasher(node.Name));
            await node.Receptionist.CheckInAsync(worker, WorkerKeys.Hashers);
            workers.Add(worker);
        }

        await using var pool = new WorkerPool<IHasher, string, string>(a, WorkerPoolSelector<IHasher>.Dynamic(WorkerKeys.Hashers));
        await EventuallyAsync(() => Assert.Equal(3, pool.Workers.Count), DefaultWithin);
        var results = new List<string>();
        for (var i = 0; i < 6; i++) results.Add(await pool.SubmitAsync(i.ToString()));
        var takers = results.Select(r => r.Split(':')[0]).ToList();
        Assert.Equal(takers.Take(3), takers.Skip(3));
        Assert.Equal(["a", "b", "c"], takers.Take(3).Order());

        await b.StopAsync(workers[1]);
        await EventuallyAsync(() => Assert.Equal(2, pool.Workers.Count), DefaultWithin);
        results.Clear();
        for (var i = 0; i < 4; i++) results.Add(await pool.SubmitAsync(i.ToString()));
        Assert.Equal(["a", "a", "c", "c"], results.Select(r => r.Split(':')[0]).Order());
    }

    [Fact]
    public async Task Dynamic_pool_without_workers_waits_for_one_and_the_wait_can_be_cancelled()
    {
        var a = await SetUpNodeAsync("a");
        await using var pool = new WorkerPool<IHasher, string, string>(a, WorkerPoolSelector<IHasher>.Dynamic(WorkerKeys.Hashers), WorkerPoolStrategy.Random);

        using (var cts = new CancellationTokenSource())
        {
            var cancelled = pool.SubmitAsync("x", cts.Token);
            await AssertHoldsAsync(() => Assert.False(cancelled.IsCompleted), TimeSpan.FromMilliseconds(300));
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        }

        var waiting = pool.SubmitAsync("y");
        await AssertHoldsAsync(() => Assert.False(waiting.IsCompleted), TimeSpan.FromMilliseconds(300));
        var worker = a.Spawn<IHasher>(() => new Hasher("late"));
        await a.Receptionist.CheckInAsync(worker, WorkerKeys.Hashers);
        Assert.Equal("late:y", await waiting.WaitAsync(DefaultWithin));
    }

    [Fact]
    public async Task Random_strategy_spreads_work_over_every_worker_in_no_fixed_order()
    {
        var a = await SetUpNodeAsync("a");
        var workers = new[] { "x", "y", "z" }.Select(name => a.Spawn<IHasher>(() => new Hasher(name))).ToList();
        await using var pool = new WorkerPool<IHasher, string, string>(a, WorkerPoolSelector<IHasher>.Static(workers), WorkerPoolStrategy.Random);

        var takers = new List<string>();
        for (var i = 0; i < 60; i++) takers.Add((await pool.SubmitAsync(i.ToString())).Split(':')[0]);
        // Every worker is picked (a uniform choice misses one in 60 draws with probability 3·(2/3)^60 ≈ 1e-10), and the picks
        // are not a fixed cycle as round-robin's would be (a uniform sequence of 60 is periodic with period 3 with probability ≈ 1e-27).
        Assert.Equal(["x", "y", "z"], takers.Distinct().Order());
        Assert.False(takers.Select((t, i) => t == takers[i % 3]).All(same => same), "Random picked the workers in a fixed cycle.");
    }

    [Fact]
    public async Task Static_pool_throws_when_empty_or_when_every_worker_has_terminated()
    {
        var a = await SetUpNodeAsync("a");
        await using (var empty = new WorkerPool<IHasher, string, string>(a, WorkerPoolSelector<IHasher>.Static([])))
        {
            var error = await Assert.ThrowsAsync<WorkerPoolException>(() => empty.SubmitAsync("x"));
            Assert.Contains("no workers", error.Message);
        }

        var one = a.Spawn<IHasher>(() => new Hasher("one"));
        var two = a.Spawn<IHasher>(() => new Hasher("two"));
        await using var pool = new WorkerPool<IHasher, string, string>(a, WorkerPoolSelector<IHasher>.Static([one, two, one]));
        Assert.Equal(2, pool.Workers.Count);
        Assert.Equal(["one:1", "two:2", "one:3"], [await pool.SubmitAsync("1"), await pool.SubmitAsync("2"), await pool.SubmitAsync("3")]);

        await a.StopAsync(one);
        await EventuallyAsync(() => Assert.Single(pool.Workers), DefaultWithin);
        Assert.Equal("two:4", await pool.SubmitAsync("4"));
        await a.StopAsync(two);
        await EventuallyAsync(() => Assert.Empty(pool.Workers), DefaultWithin);
        var exhausted = await Assert.ThrowsAsync<WorkerPoolException>(() => pool.SubmitAsync("5"));
        Assert.Contains("terminated", exhausted.Message);
    }
}
