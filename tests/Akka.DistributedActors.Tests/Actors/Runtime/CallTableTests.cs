using System.Buffers;
using System.Text.Json;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>The call table on a manual clock: deadlines, the timeout sweep, replies and nodes going down, with no system and no network.</summary>
public sealed class CallTableTests
{
    private static readonly TimeSpan Sweep = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Completion = TimeSpan.FromSeconds(10);
    private static readonly UniqueNode Self = TestNodes.Unique("self", 1, 1);
    private static readonly UniqueNode Other = TestNodes.Unique("other", 2, 2);
    private static readonly UniqueNode Third = TestNodes.Unique("third", 3, 3);

    /// <summary>A method of one int argument and result, for calls that need no actor.</summary>
    internal static readonly DistributedMethod Echo = new(typeof(IDistributedActor), "Echo", [typeof(int)], false, typeof(int),
        (_, _, _) => Task.CompletedTask, static t => ((Task<int>)t).Result);

    private readonly ManualTimeProvider _clock = new();
    private readonly CallTable _table;

    public CallTableTests()
    {
        var codec = new ReplyCodec(new JsonSerializerOnly(), ErrorAllowance.All, Self, 1 << 20, NoLogger.Instance);
        _table = new CallTable("test system", codec, ActorRefs.Nobody, _clock);
    }

    [Fact]
    public async Task A_call_times_out_when_the_sweep_passes_its_deadline_and_not_before()
    {
        var call = Register(TimeSpan.FromSeconds(1));

        _clock.Advance(TimeSpan.FromMilliseconds(999), Sweep);
        _table.Sweep(); // the timer last fired at 990 ms; one more sweep exactly 1 ms before the deadline
        Assert.False(_table.NoCallsOutstanding);

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<RemoteCallException>(() => call.Task.WaitAsync(Completion));
        Assert.Equal(RemoteCallErrorKind.TimedOut, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), error.Timeout);
        Assert.True(_table.NoCallsOutstanding);
    }

    [Fact]
    public async Task A_call_without_timeout_waits_for_its_reply()
    {
        var call = Register(Timeout.InfiniteTimeSpan);
        _clock.Advance(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        Assert.False(_table.NoCallsOutstanding);

        _table.OnReply(new RemoteReply(call.CallId, ReplyStatus.Ok, null, JsonSerializer.SerializeToUtf8Bytes(42)));

        Assert.Equal(42, await call.Task.WaitAsync(Completion));
    }

    [Fact]
    public async Task A_node_going_down_fails_the_remote_calls_to_it_only()
    {
        var toOther = Register(TimeSpan.FromSeconds(5), new ActorID(Other, "/user/a", 1), ActorRefs.Nobody);
        var toThird = Register(TimeSpan.FromSeconds(5), new ActorID(Third, "/user/a", 1), ActorRefs.Nobody);

        Assert.True(_table.MarkDown(Other));
        Assert.False(_table.MarkDown(Other));

        var error = await Assert.ThrowsAsync<RemoteCallException>(() => toOther.Task.WaitAsync(Completion));
        Assert.Equal(RemoteCallErrorKind.NodeDown, error.Kind);
        Assert.True(_table.IsDown(Other));
        Assert.False(_table.IsDown(Third));
        Assert.False(toThird.Task.IsCompleted);
        Assert.False(_table.NoCallsOutstanding);
    }

    private PendingCall<int> Register(TimeSpan timeout, ActorID? target = null, IActorRef? remote = null)
    {
        var call = new PendingCall<int>(_table, target ?? new ActorID(Self, "/user/echo", 1), Echo);
        _table.Register(call, _table.NextCallId(), timeout, remote, CancellationToken.None);
        return call;
    }

    /// <summary>Plain System.Text.Json, enough for the int results here (the library's serializer needs a running system).</summary>
    internal sealed class JsonSerializerOnly : IRemoteCallSerializer
    {
        public void Serialize(IBufferWriter<byte> writer, object? value, Type declaredType)
        {
            using var json = new Utf8JsonWriter(writer);
            JsonSerializer.Serialize(json, value, declaredType);
        }

        public object? Deserialize(ReadOnlySpan<byte> data, Type declaredType) => JsonSerializer.Deserialize(data, declaredType);
    }
}
