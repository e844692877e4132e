using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using static Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class ClusterEventStreamTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Every_enumeration_starts_with_a_snapshot_of_the_current_membership()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);

        await using var events = first.Cluster.Events.GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        var snapshot = Assert.IsType<Snapshot>(events.Current);
        Assert.Equal(first.Cluster.MembershipSnapshot, snapshot.Membership);
        Assert.Equal(2, snapshot.Membership.CountWithStatus(MemberStatus.Up));
    }

    [Fact]
    public async Task Late_subscriber_gets_one_snapshot_and_only_later_changes()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        await JoinNodesAsync(b, a);
        var late = EventProbe(a);
        await late.ExpectAsync<Snapshot>(_ => true, DefaultWithin);

        var c = await SetUpNodeAsync("c");
        await JoinNodesAsync(c, a);
        await late.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Up, DefaultWithin);

        Assert.Single(late.Events.OfType<Snapshot>());
        Assert.DoesNotContain(late.MembershipChanges, e => e.Node.Equals(b.Cluster.UniqueNode));
        await EventuallyAsync(() => Assert.Equal(a.Cluster.MembershipSnapshot, late.Replay()), DefaultWithin);
    }

    [Fact]
    public async Task Subscriber_that_never_reads_is_cut_off_without_stalling_others()
    {
        var a = await SetUpNodeAsync("a");
        await using var stalled = a.Cluster.Events.WithBufferSize(2).GetAsyncEnumerator();
        Assert.True(await stalled.MoveNextAsync());
        var reader = EventProbe(a);
        await reader.ExpectAsync<Snapshot>(_ => true, DefaultWithin);

        var b = await SetUpNodeAsync("b");
        var c = await SetUpNodeAsync("c");
        await JoinNodesAsync(b, a);
        await JoinNodesAsync(c, a);
        await EnsureAllUpAsync([a, b, c]);
        await reader.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Up, DefaultWithin);

        var delivered = 0;
        var error = await Assert.ThrowsAsync<ClusterEventStreamOverflowException>(async () =>
        {
            while (await stalled.MoveNextAsync()) delivered++;
        });
        Assert.Equal(2, error.BufferSize);
        Assert.Equal(2, delivered);
        await EventuallyAsync(() => Assert.Equal(a.Cluster.MembershipSnapshot, reader.Replay()), DefaultWithin);
    }

    [Fact]
    public async Task Subscriber_blocking_its_thread_does_not_hold_up_other_subscribers()
    {
        var a = await SetUpNodeAsync("a");
        using var release = new ManualResetEventSlim();
        var blocking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocker = Task.Run(async () =>
        {
            await foreach (var e in a.Cluster.Events)
            {
                if (e is Snapshot) continue;
                blocking.TrySetResult();
                // Blocks the thread its loop body runs on. If that were the thread that delivers events (the stream resumes
                // its reader from the translator's write), no other subscriber would see the join below until released.
                release.Wait(DefaultWithin * 2);
                return;
            }
        });
        var reader = EventProbe(a);
        await reader.ExpectAsync<Snapshot>(_ => true, DefaultWithin);
        var b = await SetUpNodeAsync("b");
        try
        {
            await JoinNodesAsync(b, a);
            await blocking.Task.WaitAsync(DefaultWithin);

            await reader.ExpectMembershipChangeAsync(b.Cluster.UniqueNode, MemberStatus.Up, DefaultWithin);
            Assert.False(release.IsSet);
        }
        finally
        {
            release.Set();
        }
        await blocker.WaitAsync(DefaultWithin);
    }

    [Fact]
    public async Task Cancelling_an_enumeration_unsubscribes_it()
    {
        var a = await SetUpNodeAsync("a");
        using var cts = new CancellationTokenSource();
        var seen = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in a.Cluster.Events.WithCancellation(cts.Token)) Interlocked.Increment(ref seen);
        });
        await EventuallyAsync(() => Assert.Equal(1, Volatile.Read(ref seen)), DefaultWithin);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(DefaultWithin));
    }

    [Fact]
    public async Task Event_stream_ends_when_the_system_shuts_down()
    {
        var a = await SetUpNodeAsync("a");
        var reading = Task.Run(async () =>
        {
            await foreach (var _ in a.Cluster.Events) { }
        });

        await a.ShutdownAsync();

        await reading.WaitAsync(DefaultWithin);
        Assert.True(a.IsTerminated);
    }

    [Fact]
    public async Task Enumerating_events_after_shutdown_ends_at_once()
    {
        var a = await SetUpNodeAsync("a");
        await a.ShutdownAsync();

        var count = 0;
        await foreach (var _ in a.Cluster.Events.WithCancellation(new CancellationTokenSource(DefaultWithin).Token)) count++;

        Assert.InRange(count, 0, 1);
    }
}
