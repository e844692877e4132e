using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>
/// The calls of one reply batch complete in one work item and their next calls leave as one batch; a lone reply does not wait; a
/// blocked continuation holds up its batch for two sweeps at most. A call table and an outbox whose transport serializes each batch
/// as soon as it is handed over (the fastest Akka could be), no system and no network.
/// </summary>
public sealed class ReplyBatchCompletionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private readonly CallTable _table;
    private readonly ConcurrentQueue<byte[]> _frames = new();
    private readonly Outbox _outbox;

    public ReplyBatchCompletionTests()
    {
        var self = TestNodes.Unique("self", 1, 1);
        var codec = new ReplyCodec(new CallTableTests.JsonSerializerOnly(), ErrorAllowance.All, self, 1 << 20, NoLogger.Instance);
        _table = new CallTable("test system", codec, ActorRefs.Nobody, new ManualTimeProvider());
        _outbox = new Outbox(new BatchPolicy(64 * 1024, 1 << 20, 1000), batch => _frames.Enqueue(batch.Frame), static _ => { });
    }

    [Theory]
    [InlineData(-1, 0, 5, false, nameof(StallAction.None))] // queued, not begun: it holds nothing and a thread will take it
    [InlineData(0, 0, 5, false, nameof(StallAction.None))]
    [InlineData(-1, 2, 5, false, nameof(StallAction.None))] // first sweep that sees it running
    [InlineData(1, 2, 5, false, nameof(StallAction.None))] // progressed since the last sweep
    [InlineData(2, 2, 5, false, nameof(StallAction.ReleaseAndRescue))] // stuck on its second call, three never started
    [InlineData(5, 5, 5, false, nameof(StallAction.Release))] // every call started, one is stuck
    [InlineData(5, 5, 5, true, nameof(StallAction.None))]
    public void The_sweep_releases_and_rescues_only_a_batch_that_made_no_progress(int seen, int started, int count, bool finished, string expected) =>
        Assert.Equal(expected, ReplyBatchCompletion.OnSweep(seen, started, count, finished).ToString());

    [Fact]
    public async Task The_next_calls_issued_by_the_continuations_of_one_reply_batch_leave_as_one_batch_and_each_call_completes_once()
    {
        const int calls = 16;
        var completions = new ConcurrentQueue<int>();
        var pending = Enumerable.Range(0, calls).Select(_ => Register()).ToArray();
        var continued = pending.Select(call => call.Task.ContinueWith(t =>
        {
            completions.Enqueue(t.Result);
            _outbox.Enqueue(Item(t.Result));
        }, TaskContinuationOptions.ExecuteSynchronously)).ToArray();

        _table.OnReplies(pending.Select((call, i) => Reply(call.CallId, i)).ToList());
        _table.OnReplies(pending.Select((call, i) => Reply(call.CallId, -1)).ToList()); // duplicates find nothing to complete

        await Task.WhenAll(continued).WaitAsync(Deadline);
        Assert.True(SpinWait.SpinUntil(() => SentItems().Count == calls, Deadline), $"{SentItems().Count} of {calls} next calls sent");
        Assert.Single(_frames);
        Assert.Equal(Enumerable.Range(0, calls), completions.Order());
        Assert.Equal(completions, SentItems());
        Assert.True(_table.NoCallsOutstanding);
    }

    [Fact]
    public async Task The_next_call_of_a_lone_reply_leaves_before_its_continuation_returns()
    {
        var call = Register();
        var sentInline = call.Task.ContinueWith(t =>
        {
            _outbox.Enqueue(Item(t.Result));
            return _frames.Count;
        }, TaskContinuationOptions.ExecuteSynchronously);

        _table.OnReplies([Reply(call.CallId, 7)]);

        Assert.Equal(1, await sentInline.WaitAsync(Deadline));
        Assert.Equal([7], SentItems());
    }

    [Fact]
    public async Task A_blocked_continuation_holds_up_the_rest_of_its_batch_for_two_sweeps_at_most()
    {
        using var blocked = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var pending = Enumerable.Range(0, 3).Select(_ => Register()).ToArray();
        var first = pending[0].Task.ContinueWith(t =>
        {
            _outbox.Enqueue(Item(t.Result));
            blocked.Set();
            release.Wait(Deadline);
        }, TaskContinuationOptions.ExecuteSynchronously);
        try
        {
            _table.OnReplies(pending.Select((call, i) => Reply(call.CallId, i)).ToList());
            Assert.True(blocked.Wait(Deadline));
            Assert.False(pending[1].Task.IsCompleted); // behind the blocked continuation, in the same work item
            Assert.Empty(_frames); // the first continuation's call waits for the batch to end

            _table.Sweep(); // sees the batch running
            _table.Sweep(); // sees no progress since: sends what it held, another thread completes the rest

            Assert.Equal([0], SentItems());
            var rest = await Task.WhenAll(pending[1].Task, pending[2].Task).WaitAsync(Deadline);
            Assert.Equal([1, 2], rest);
            Assert.False(first.IsCompleted);
        }
        finally
        {
            release.Set();
        }
        await first.WaitAsync(Deadline);
    }

    private PendingCall<int> Register()
    {
        var call = new PendingCall<int>(_table, new ActorID(TestNodes.Unique("other", 2, 2), "/user/echo", 1), CallTableTests.Echo);
        _table.Register(call, _table.NextCallId(), TimeSpan.FromMinutes(1), ActorRefs.Nobody, CancellationToken.None);
        return call;
    }

    private static RemoteReply Reply(long callId, int value) => new(callId, ReplyStatus.Ok, null, JsonSerializer.SerializeToUtf8Bytes(value));

    private static BatchItem Item(int value)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(payload, value);
        return BatchItem.Invocation("/user/echo", 1, payload);
    }

    private List<int> SentItems()
    {
        var items = new List<int>();
        foreach (var frame in _frames)
        {
            var reader = new BatchFrame.Reader(frame);
            while (reader.TryRead(out var item)) items.Add(BinaryPrimitives.ReadInt32LittleEndian(item.Payload));
        }
        return items;
    }
}
