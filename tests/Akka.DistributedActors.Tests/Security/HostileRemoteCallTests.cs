using System.Buffers.Binary;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Akka.DistributedActors.Tests.Actors;
using Xunit.Abstractions;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Security;

/// <summary>
/// Call envelopes that no well-behaved proxy sends, built by hand from the runtime's wire types and sent through Akka to the
/// hosting actor. Each is answered with a clear error (and logged on the callee), and the node keeps serving and stays Up.
/// </summary>
[LongRunning(55)]
public sealed class HostileRemoteCallTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const int MaximumFrameSize = 128000;
    private static readonly TimeSpan ReplyWithin = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StillServingFor = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Envelope_naming_an_unknown_actor_is_answered_with_TargetNotFound_and_logged_on_the_callee()
    {
        var (caller, host, sink) = await SetUpAsync();
        var unknown = new ActorID(sink.Id.Node, "/user/nobody-here", 7);
        var echo = MethodOf(nameof(IKitchenSink.Echo));

        var reply = await SendAsync(caller, unknown, Call(caller, 101, echo, "hi"));

        Assert.Equal(ReplyStatus.TargetNotFound, reply.Status);
        Assert.Contains("/user/nobody-here", reply.Text);
        await AssertLoggedAsync(host, "Rejected remote call 101", "/user/nobody-here");
        await AssertStillServingAsync(caller, host, sink);
    }

    [Fact]
    public async Task Envelope_with_an_unknown_method_id_is_answered_with_TargetNotFound_and_logged_on_the_callee()
    {
        var (caller, host, sink) = await SetUpAsync();

        var reply = await SendAsync(caller, sink.Id, Envelope(102, 0x5eed, []));

        Assert.Equal(ReplyStatus.TargetNotFound, reply.Status);
        Assert.Contains($"no distributed method with wire id {0x5eed}", reply.Text);
        await AssertLoggedAsync(host, "Rejected remote call 102", $"wire id {0x5eed}");
        await AssertStillServingAsync(caller, host, sink);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2 }, "end after 0 of 3 items")]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0x7f, 1 }, "invalid length")]
    [InlineData(new byte[] { 3, 0, 0, 0, (byte)'{', (byte)'{', (byte)'{' }, "JsonException")]
    [InlineData(new byte[] { 3, 0, 0, 0, (byte)'1', (byte)'2', (byte)'x' }, "JsonException")]
    [InlineData(new byte[] { 3, 0, 0, 0, (byte)'1', (byte)'.', (byte)'5' }, "could not be converted to System.Int32")]
    [InlineData(new byte[] { 4, 0, 0, 0, (byte)'n', (byte)'u', (byte)'l', (byte)'l' }, "could not be converted to System.Int32")]
    public async Task Envelope_whose_arguments_do_not_deserialize_is_answered_with_SerializationFailed_and_logged_on_the_callee(byte[] arguments, string problem)
    {
        var (caller, host, sink) = await SetUpAsync();
        var add = MethodOf(nameof(IKitchenSink.Add));

        var reply = await SendAsync(caller, sink.Id, Envelope(103, add.Id, arguments));

        Assert.Equal(ReplyStatus.SerializationFailed, reply.Status);
        Assert.Contains("IKitchenSink.Add", reply.Text);
        Assert.Contains(problem, reply.Text);
        await AssertLoggedAsync(host, "Rejected remote call 103", problem);
        await AssertStillServingAsync(caller, host, sink);
    }

    [Theory]
    [InlineData(new byte[] { 0x08 }, "unknown flags")]
    [InlineData(new byte[] { 0x02 }, "unknown flags")]
    [InlineData(new byte[] { 0x01, 1, 2, 3 }, "trace context is truncated")]
    [InlineData(new byte[] { 0x03, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 1, 2, 3, 4, 5, 6, 7, 8, 1, 0xff, 0x00 }, "trace context is truncated")]
    public async Task Envelope_with_a_malformed_trace_context_is_answered_with_SerializationFailed_and_logged_on_the_callee(byte[] body, string problem)
    {
        var (caller, host, sink) = await SetUpAsync();
        var add = MethodOf(nameof(IKitchenSink.Add));

        var reply = await SendAsync(caller, sink.Id, Envelope(105, add.Id, body, rawBody: true));

        Assert.Equal(ReplyStatus.SerializationFailed, reply.Status);
        Assert.Contains(problem, reply.Text);
        await AssertLoggedAsync(host, "Rejected remote call 105", problem);
        await AssertStillServingAsync(caller, host, sink);
    }

    [Fact]
    public async Task Argument_bigger_than_the_maximum_frame_fails_at_the_caller_at_once_and_one_just_under_goes_through()
    {
        var (caller, host, sink) = await SetUpAsync();
        var limit = caller.Actors.Codec.MaximumPayloadBytes;
        Assert.InRange(limit, MaximumFrameSize - 4096, MaximumFrameSize - 1);

        var huge = new string('x', MaximumFrameSize + 1);
        using (RemoteCall.WithTimeout(TimeSpan.FromSeconds(30)))
        {
            var started = Environment.TickCount64;
            var error = await Assert.ThrowsAsync<RemoteCallException>(async () => await sink.Echo(huge));
            Assert.Equal(RemoteCallErrorKind.SerializationFailed, error.Kind);
            Assert.Contains($"more than the {limit} bytes a remote call may carry", error.Message);
            Assert.True(Environment.TickCount64 - started < 5000, "the oversized call waited instead of failing at once");

            // The frame adds a 12-byte header, the one-byte empty trace context, a 4-byte length prefix and JSON's two quotes.
            var justUnder = new string('y', limit - 19);
            Assert.Equal(justUnder, await sink.Echo(justUnder));
        }

        await AssertStillServingAsync(caller, host, sink);
    }

    [Fact]
    public async Task Hand_made_envelope_bigger_than_the_maximum_frame_is_dropped_by_the_sender_and_the_callee_keeps_serving()
    {
        var (caller, host, sink) = await SetUpAsync();
        var echo = MethodOf(nameof(IKitchenSink.Echo));
        var huge = Call(caller, 104, echo, new string('z', MaximumFrameSize));

        caller.Actors.ResolveRemote(sink.Id).Tell(huge);

        await AssertLoggedAsync(caller, "Discarding oversized payload", $"max allowed size {MaximumFrameSize} bytes");
        await AssertStillServingAsync(caller, host, sink);
    }

    [Fact]
    public async Task Result_bigger_than_the_maximum_frame_fails_with_SerializationFailed_instead_of_a_timeout()
    {
        var (caller, host, sink) = await SetUpAsync();
        // Each distinct five-letter word costs 8 bytes as an argument and 10 in the counted result.
        var words = Enumerable.Range(0, 15000).Select(i => $"w{i:0000}").ToArray();

        using (RemoteCall.WithTimeout(TimeSpan.FromSeconds(30)))
        {
            var started = Environment.TickCount64;
            var error = await Assert.ThrowsAsync<RemoteCallException>(async () => await sink.CountWords(words));
            Assert.Equal(RemoteCallErrorKind.SerializationFailed, error.Kind);
            Assert.Contains("serialized result of IKitchenSink.CountWords", error.Message);
            Assert.True(Environment.TickCount64 - started < 5000, "the oversized result left the caller waiting");
        }

        await AssertLoggedAsync(host, "serialized result of IKitchenSink.CountWords", "bytes a remote call may carry");
        await AssertStillServingAsync(caller, host, sink);
    }

    private async Task<(ClusterSystem Caller, ClusterSystem Host, IKitchenSink Sink)> SetUpAsync()
    {
        var caller = await SetUpNodeAsync("caller");
        var host = await SetUpNodeAsync("host");
        await JoinNodesAsync(caller, host);
        var sink = host.Spawn<IKitchenSink>(() => new KitchenSink());
        return (caller, host, caller.Resolve<IKitchenSink>(sink.Id));
    }

    private static DistributedMethod MethodOf(string name) =>
        DistributedInterfaceRegistry.Get(typeof(IKitchenSink), null).Methods.Single(m => m.Name == name);

    /// <summary>A well-formed envelope, as a proxy of <paramref name="system"/> would build it.</summary>
    private static RemoteInvocation Call(ClusterSystem system, long callId, DistributedMethod method, params object?[] arguments) =>
        new(InvocationCodec.Write(system.Actors.Serializer, callId, method, arguments, null));

    /// <summary>
    /// An envelope with any method id and body bytes: <c>[int64 call id][int32 method id][body]</c>; the body starts with the trace
    /// context, so <paramref name="arguments"/> is prefixed with an empty one (a zero byte) unless <paramref name="rawBody"/>.
    /// </summary>
    private static RemoteInvocation Envelope(long callId, int methodId, byte[] arguments, bool rawBody = false)
    {
        var offset = RemoteInvocation.HeaderSize + (rawBody ? 0 : 1);
        var frame = new byte[offset + arguments.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, callId);
        BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(8), methodId);
        arguments.CopyTo(frame, offset);
        return new RemoteInvocation(frame);
    }

    /// <summary>Sends a hand-made envelope to <paramref name="target"/>'s host and waits for the reply a proxy would get.</summary>
    private static Task<RemoteReply> SendAsync(ClusterSystem caller, ActorID target, RemoteInvocation envelope) =>
        caller.Actors.ResolveRemote(target).Ask<RemoteReply>(envelope, ReplyWithin);

    private Task AssertLoggedAsync(ClusterSystem node, string text, string detail) =>
        EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(node.ActorSystem),
            l => l.Contains(text, StringComparison.Ordinal) && l.Contains(detail, StringComparison.Ordinal)), DefaultWithin);

    /// <summary>Both nodes stay Up and reachable, and the callee answers a well-formed call from the hostile caller and from a newcomer.</summary>
    private async Task AssertStillServingAsync(ClusterSystem caller, ClusterSystem host, IKitchenSink sink)
    {
        await AssertHoldsAsync(() =>
        {
            foreach (var (observer, observed) in new[] { (caller, host), (host, caller) })
            {
                var member = observer.Cluster.MembershipSnapshot.FindMember(observed.Cluster.UniqueNode);
                Assert.NotNull(member);
                Assert.Equal(ClusterSpec.MemberStatus.Up, member.Status);
                Assert.Equal(ClusterSpec.MemberReachability.Reachable, member.Reachability);
            }
        }, StillServingFor);
        Assert.Equal("still here", await sink.Echo("still here"));
        var newcomer = await SetUpNodeAsync("newcomer");
        await JoinNodesAsync(newcomer, host);
        Assert.Equal(3, await newcomer.Resolve<IKitchenSink>(sink.Id).Add(1, 1, 1));
    }
}
