using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using static Akka.DistributedActors.Cluster;
using AkkaSerialization = Akka.Serialization.Serialization;

namespace Akka.DistributedActors.Tests.Joining;

public sealed class JoinMessageSerializerTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    // Addresses as data only: nothing is bound or contacted.
    private const string A = "akka.tcp://ClusterSystem@node-a.example:0";
    private const string B = "akka.tcp://ClusterSystem@node-b.example:0";

    public static TheoryData<object> Messages => new()
    {
        new JoinReply(JoinReplyKind.JoinMe, A, null, true, false),
        new JoinReply(JoinReplyKind.YouFound, A, B, false, true),
        new JoinReply(JoinReplyKind.Joining, A, B, true, true),
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Join_replies_round_trip_through_their_own_serializer(object message)
    {
        var node = await SetUpNodeAsync("node");
        var serialization = node.ActorSystem.Serialization;

        var serializer = serialization.FindSerializerFor(message);
        var bytes = serializer.ToBinary(message);

        Assert.IsType<JoinMessageSerializer>(serializer);
        Assert.Equal(message, serialization.Deserialize(bytes, serializer.Identifier, AkkaSerialization.ManifestFor(serializer, message)));
    }

    [Fact]
    public async Task Truncated_join_message_is_a_serialization_error()
    {
        var node = await SetUpNodeAsync("node");
        var serializer = (JoinMessageSerializer)node.ActorSystem.Serialization.FindSerializerFor(new JoinReply(JoinReplyKind.JoinMe, A, null, true, false));
        var bytes = serializer.ToBinary(new JoinReply(JoinReplyKind.JoinMe, A, B, true, true));

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], "A"));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "unknown"));
        var unknownKind = bytes.ToArray();
        unknownKind[0] = 99;
        Assert.Throws<SerializationException>(() => serializer.FromBinary(unknownKind, "A"));
    }

    [Fact]
    public void Join_request_bytes_round_trip_and_bytes_that_are_no_request_are_a_serialization_error()
    {
        var request = new JoinRequest(A, true, false);
        var bytes = JoinMessageSerializer.RequestToBytes(request);

        Assert.Equal(request, JoinMessageSerializer.RequestFromBytes(bytes));
        Assert.Throws<SerializationException>(() => JoinMessageSerializer.RequestFromBytes(bytes[..^1]));
        // A length prefix that never ends, and one that is negative.
        Assert.Throws<SerializationException>(() => JoinMessageSerializer.RequestFromBytes([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Throws<SerializationException>(() => JoinMessageSerializer.RequestFromBytes([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
    }

    [Fact]
    public async Task Malformed_join_request_bytes_are_logged_once_and_dropped_and_the_coordinator_still_joins_nodes()
    {
        var nodes = await SetUpNodesAsync(["founder", "joiner"]);
        var (founder, joiner) = (nodes[0], nodes[1]);
        founder.Cluster.Join(founder.Cluster.Node);
        await founder.Cluster.JoinedAsync(DefaultWithin);
        var coordinator = joiner.ActorSystem.ActorSelection(
            new RootActorPath(Akka.Cluster.Cluster.Get(founder.ActorSystem).SelfAddress) / "system" / JoinCoordinator.Name);

        coordinator.Tell(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF });

        await EventuallyAsync(() => Assert.Single(CapturingLogger.LinesOf(founder.ActorSystem), l => l.Contains("Dropped a join request", StringComparison.Ordinal)),
            DefaultWithin);
        await joiner.Cluster.JoinedAsync(founder.Cluster.Node, DefaultWithin);
        await joiner.Cluster.JoinedAsync(DefaultWithin);
        Assert.Single(CapturingLogger.LinesOf(founder.ActorSystem), l => l.Contains("Dropped a join request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attached_system_gets_our_serializers_and_joins_through_the_handshake()
    {
        var founder = await SetUpNodeAsync("founder");
        founder.Cluster.Join(founder.Cluster.Node);
        await founder.Cluster.JoinedAsync(DefaultWithin);
        var external = ActorSystem.Create("ClusterSystem", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.loglevel = WARNING
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, applied-adapters = [trttl] }
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.cluster { gossip-interval = 200ms, leader-actions-interval = 200ms, periodic-tasks-initial-delay = 100ms }
            """));
        try
        {
            var attached = ClusterSystem.Attach(external);
            Assert.IsType<JoinMessageSerializer>(external.Serialization.FindSerializerFor(new JoinReply(JoinReplyKind.JoinMe, A, null, true, false)));
            // Remote calls too: not Akka's JSON fallback, which the registration check itself caches for the concrete types.
            Assert.IsType<CallEnvelopeSerializer>(external.Serialization.FindSerializerFor(new RemoteInvocation(new byte[RemoteInvocation.HeaderSize])));
            Assert.IsType<CallEnvelopeSerializer>(external.Serialization.FindSerializerFor(new RemoteReply(1, ReplyStatus.Ok, null)));
            Assert.IsType<CallEnvelopeSerializer>(external.Serialization.FindSerializerFor(new CancelInvocation(1)));

            attached.Cluster.Join(founder.Cluster.Node);

            await founder.Cluster.WaitForAsync(attached.Cluster.UniqueNode, MemberStatus.Up, DefaultWithin);
            await attached.DisposeAsync();
        }
        finally
        {
            await external.Terminate();
        }
    }
}
