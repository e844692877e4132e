using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Actors;

/// <summary>
/// Natural batching of calls and replies between two nodes (<see cref="RemoteCallSettings.Batching"/>, on by default): many calls
/// share Akka messages, and each is still answered once, in order per caller and actor, with the usual errors.
/// </summary>
public sealed class BatchingTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private async Task<(ClusterSystem Caller, ClusterSystem Host)> PairAsync(Action<ClusterSystemSettings>? configure = null)
    {
        var caller = await SetUpNodeAsync("caller", configure);
        var host = await SetUpNodeAsync("host", configure);
        await JoinNodesAsync(caller, host);
        return (caller, host);
    }

    [Fact]
    public async Task A_batch_of_calls_to_actors_on_one_node_answers_each_exactly_once()
    {
        const int calls = 1000;
        var (caller, host) = await PairAsync();
        var probes = Enumerable.Range(0, 4).Select(_ => caller.Resolve<IOrderProbe>(host.Spawn<IOrderProbe>(() => new OrderProbe()).Id)).ToArray();
        Assert.Equal(0, await probes[0].Count());
        var before = caller.Actors.Batches.Sent();

        Task<int>[] answers;
        using (RemoteCall.WithTimeout(Long))
            answers = Enumerable.Range(0, calls).Select(i => probes[i % probes.Length].Record(0, i)).ToArray();
        Assert.Equal(Enumerable.Range(0, calls), await Task.WhenAll(answers));

        var after = caller.Actors.Batches.Sent();
        Assert.Equal(calls, after.Calls - before.Calls);
        Assert.True(after.CallBatches - before.CallBatches < calls / 2, $"{after.CallBatches - before.CallBatches} batches carried {calls} calls");
        for (var p = 0; p < probes.Length; p++)
            Assert.Equal(Enumerable.Range(0, calls).Where(i => i % probes.Length == p), await probes[p].Recorded(0));
        Assert.True(caller.Actors.Calls.NoCallsOutstanding);
    }

    [Fact]
    public async Task Order_per_caller_and_actor_is_kept_under_concurrency()
    {
        const int callers = 8;
        const int perActor = 150;
        var (caller, host) = await PairAsync();
        var probes = Enumerable.Range(0, 2).Select(_ => caller.Resolve<IOrderProbe>(host.Spawn<IOrderProbe>(() => new OrderProbe()).Id)).ToArray();

        // Each caller issues its calls one after another without waiting for replies, interleaved across actors; callers run at once.
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var pending = new List<Task<int>>();
            using (RemoteCall.WithTimeout(Long))
            {
                for (var i = 0; i < perActor; i++)
                    foreach (var probe in probes) pending.Add(probe.Record(c, i));
            }
            await Task.WhenAll(pending);
        })));

        foreach (var probe in probes)
            for (var c = 0; c < callers; c++) Assert.Equal(Enumerable.Range(0, perActor), await probe.Recorded(c));
    }

    [Fact]
    public async Task An_oversized_call_fails_clearly_while_smaller_calls_in_flight_succeed()
    {
        var (caller, host) = await PairAsync();
        var sink = caller.Resolve<IKitchenSink>(host.Spawn<IKitchenSink>(() => new KitchenSink()).Id);
        var limit = caller.Actors.Codec.MaximumPayloadBytes;
        // Larger than a batch's soft limit, smaller than a frame: it travels alone, between the small calls.
        var alone = new string('m', caller.Actors.Batches.Policy.SoftLimitBytes + 1000);
        var huge = new string('x', limit + 1);

        using (RemoteCall.WithTimeout(Long))
        {
            var small = Enumerable.Range(0, 300).Select(i => sink.Echo($"small {i}").AsTask()).ToList();
            var started = Stopwatch.GetTimestamp();
            var oversized = sink.Echo(huge).AsTask();
            var medium = sink.Echo(alone).AsTask();
            small.AddRange(Enumerable.Range(300, 300).Select(i => sink.Echo($"small {i}").AsTask()));

            var error = await Assert.ThrowsAsync<RemoteCallException>(() => oversized);
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(5), "the oversized call waited instead of failing at once");
            Assert.Equal(RemoteCallErrorKind.SerializationFailed, error.Kind);
            Assert.Contains($"The serialized call is {limit + 1 + 19} bytes, more than the {limit} bytes a remote call may carry", error.Message);
            Assert.Equal(alone, await medium);
            Assert.Equal(Enumerable.Range(0, 600).Select(i => $"small {i}"), await Task.WhenAll(small));
        }
    }

    [Fact]
    public async Task A_node_crash_with_batches_in_flight_fails_every_pending_call_once_within_its_timeout()
    {
        // The calls' timeout is far beyond the time the survivors take to down the frozen host, so only the node-down path can
        // end the calls left in flight within the deadline below.
        var endWithin = TimeSpan.FromSeconds(20);
        var (caller, host) = await PairAsync();
        var third = await SetUpNodeAsync("third");
        await JoinNodesAsync(third, caller);
        var sink = caller.Resolve<IKitchenSink>(host.Spawn<IKitchenSink>(() => new KitchenSink()).Id);
        var calls = new ConcurrentQueue<Task>();

        Task Issue(Func<Task> call)
        {
            Task task;
            using (RemoteCall.WithTimeout(Long)) task = call();
            calls.Enqueue(task);
            return task;
        }

        // Calls that are running on the host when it freezes, and callers that keep batches in flight until it is downed.
        for (var i = 0; i < 100; i++) _ = Issue(() => sink.WaitUncancellable(TimeSpan.FromSeconds(20)));
        var flood = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            while (true)
            {
                var batch = Enumerable.Range(0, 20).Select(i => Issue(() => sink.Echo($"{c}/{i}").AsTask())).ToArray();
                try
                {
                    await Task.WhenAll(batch);
                }
                catch (RemoteCallException)
                {
                    return;
                }
            }
        })).ToArray();
        await EventuallyAsync(() => Assert.True(calls.Count > 600), Long);
        // Frozen, not stopped: its actors answer nothing and no reply or batch in flight arrives; caller and third down it.
        var frozen = Stopwatch.GetTimestamp();
        await PauseAsync(host);
        await Task.WhenAll(flood).WaitAsync(endWithin);
        var all = calls.ToArray();
        var left = endWithin - Stopwatch.GetElapsedTime(frozen);
        await Task.WhenAny(Task.WhenAll(all), Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero));
        Assert.True(all.All(c => c.IsCompleted), $"{all.Count(c => !c.IsCompleted)} of {all.Length} calls still pending {endWithin.TotalSeconds} s after the host froze");

        var kinds = new Dictionary<RemoteCallErrorKind, int>();
        foreach (var call in all)
        {
            if (call.IsCompletedSuccessfully) continue;
            var error = Assert.IsType<RemoteCallException>(call.Exception!.InnerException);
            kinds[error.Kind] = kinds.GetValueOrDefault(error.Kind) + 1;
            // A batch that Akka.Remote drops once the link is quarantined fails its calls as dropped; all else fails as node down.
            if (error.Kind == RemoteCallErrorKind.TargetNotFound) Assert.Contains("Akka.Remote dropped the call", error.Message);
            else Assert.Equal(RemoteCallErrorKind.NodeDown, error.Kind);
        }
        Output?.WriteLine($"{all.Length} calls; failures by kind: {string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}");
        Assert.True(kinds.GetValueOrDefault(RemoteCallErrorKind.NodeDown) >= 100, "the calls running on the frozen host did not fail as node down");
        Assert.True(caller.Actors.Calls.NoCallsOutstanding);
    }

    [Fact]
    public async Task Malformed_batches_are_logged_and_dropped_and_both_nodes_keep_serving()
    {
        var (caller, host) = await PairAsync();
        var sink = caller.Resolve<IKitchenSink>(host.Spawn<IKitchenSink>(() => new KitchenSink()).Id);
        Assert.Equal("before", await sink.Echo("before"));
        var garbage = new byte[300];
        new Random(19).NextBytes(garbage);
        var receiver = ((ExtendedActorSystem)caller.ActorSystem).Provider.ResolveActorRef(
            new RootActorPath(Akka.Cluster.Cluster.Get(host.ActorSystem).SelfAddress) / "temp" / BatchRouting.ReceiverName);
        var replyAddress = ((ExtendedActorSystem)host.ActorSystem).Provider.ResolveActorRef(caller.Actors.Batches.ReplyAddress.Path.ToStringWithAddress(
            Akka.Cluster.Cluster.Get(caller.ActorSystem).SelfAddress));

        receiver.Tell(new IncomingBatch(garbage), caller.Actors.Batches.ReplyAddress);
        receiver.Tell(new IncomingBatch([]), ActorRefs.NoSender);
        replyAddress.Tell(new IncomingBatch(garbage), ActorRefs.NoSender);

        await EventuallyAsync(() =>
        {
            Assert.Contains(CapturingLogger.LinesOf(host.ActorSystem), l => l.Contains("Dropped a malformed call batch of 300 bytes"));
            Assert.Contains(CapturingLogger.LinesOf(host.ActorSystem), l => l.Contains("Dropped a call batch of 0 bytes without a remote reply address"));
            Assert.Contains(CapturingLogger.LinesOf(caller.ActorSystem), l => l.Contains("Dropped a malformed reply batch of 300 bytes"));
        }, DefaultWithin);
        foreach (var (observer, observed) in new[] { (caller, host), (host, caller) })
            Assert.Equal(ClusterSpec.MemberReachability.Reachable, observer.Cluster.MembershipSnapshot.FindMember(observed.Cluster.UniqueNode)!.Reachability);
        Assert.Equal(new string?[] { "after 0", "after 1", "after 2" }, await Task.WhenAll(Enumerable.Range(0, 3).Select(i => sink.Echo($"after {i}").AsTask())));
    }

    [Fact]
    public async Task Nodes_with_batching_on_and_off_call_each_other()
    {
        var on = await SetUpNodeAsync("on");
        var off = await SetUpNodeAsync("off", s => s.RemoteCall.Batching = false);
        await JoinNodesAsync(on, off);
        var onSink = off.Resolve<IKitchenSink>(on.Spawn<IKitchenSink>(() => new KitchenSink()).Id);
        var offSink = on.Resolve<IKitchenSink>(off.Spawn<IKitchenSink>(() => new KitchenSink()).Id);
        var before = on.Actors.Batches.Sent();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{i}"), await Task.WhenAll(Enumerable.Range(0, 50).Select(i => offSink.Echo($"{i}").AsTask())));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"{i}"), await Task.WhenAll(Enumerable.Range(0, 50).Select(i => onSink.Echo($"{i}").AsTask())));
        var after = on.Actors.Batches.Sent();
        Assert.Equal(50, after.Calls - before.Calls);
        Assert.Equal((0L, 0L), (off.Actors.Batches.Sent().CallBatches, off.Actors.Batches.Sent().ReplyBatches));
    }
}

/// <summary>Records the calls it gets, per caller, in the order its turns run them.</summary>
public interface IOrderProbe : IDistributedActor
{
    Task<int> Record(int caller, int sequence);

    Task<int[]> Recorded(int caller);

    Task<int> Count();
}

public sealed class OrderProbe : DistributedActor, IOrderProbe
{
    private readonly Dictionary<int, List<int>> _received = [];

    public Task<int> Record(int caller, int sequence)
    {
        if (!_received.TryGetValue(caller, out var list)) _received[caller] = list = [];
        list.Add(sequence);
        return Task.FromResult(sequence);
    }

    public Task<int[]> Recorded(int caller) => Task.FromResult(_received.TryGetValue(caller, out var list) ? list.ToArray() : []);

    public Task<int> Count() => Task.FromResult(_received.Values.Sum(l => l.Count));
}
