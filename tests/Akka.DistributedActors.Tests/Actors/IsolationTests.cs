using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Actors;

/// <summary>Turns of one actor never overlap; reentrant by default, non-reentrant on request.</summary>
public sealed class IsolationTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Turns_never_overlap_and_calls_interleave_at_awaits_by_default()
    {
        var system = await SetUpNodeAsync("first");
        var counter = system.Spawn<ITurnCounter>(() => new TurnCounter());
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => counter.Work(5))));
        // Each waits inside the actor until the other has come in: both return only if calls interleave at awaits. (Counting
        // overlapping Work calls depended on how fast the callers' tasks were scheduled.)
        await Task.WhenAll(counter.Meet(2), counter.Meet(2));
        var stats = await counter.Stats();
        Assert.Equal(1, stats.MaxConcurrentTurns);
        Assert.Equal(32, stats.Completed);
    }

    [Fact]
    public async Task Non_reentrant_actor_runs_one_call_at_a_time()
    {
        var system = await SetUpNodeAsync("first");
        var counter = system.Spawn<ITurnCounter>(() => new StrictTurnCounter());
        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => counter.Work(5))));
        var stats = await counter.Stats();
        Assert.Equal(1, stats.MaxConcurrentTurns);
        Assert.Equal(1, stats.MaxConcurrentCalls);
        Assert.Equal(32, stats.Completed);
    }

    [Fact]
    public async Task Call_cycle_A_B_A_completes_with_reentrant_actors_locally_and_across_systems()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var a = first.Spawn<IPingPong>(() => new PingPong());
        var b = second.Spawn<IPingPong>(() => new PingPong());
        var localB = first.Spawn<IPingPong>(() => new PingPong());

        Assert.Equal(6, await a.Ping(localB, 6));
        Assert.Equal(6, await a.Ping(first.Resolve<IPingPong>(b.Id), 6));
    }

    [Fact]
    public async Task Call_cycle_A_B_A_times_out_when_A_is_non_reentrant()
    {
        var system = await SetUpNodeAsync("first");
        var a = system.Spawn<IPingPong>(() => new StrictPingPong());
        var b = system.Spawn<IPingPong>(() => new PingPong());
        using (RemoteCall.WithTimeout(TimeSpan.FromMilliseconds(300)))
        {
            var error = await Assert.ThrowsAsync<RemoteCallException>(() => a.Ping(b, 2));
            Assert.Equal(RemoteCallErrorKind.TimedOut, error.Kind);
        }
    }
}
