using System.Globalization;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Security;

/// <summary>
/// Bytes that no node would send, written straight to a node's port. Nodes here run Akka's production transport stack (no
/// test throttler adapter in front of the protocol layer), with a short connection timeout so a stalled handshake ends quickly.
/// </summary>
[LongRunning(25)]
public sealed class HostileTransportInputTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const int MaximumFrameSize = 128000;
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StillServingFor = TimeSpan.FromSeconds(3);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    protected override void ConfigureSettings(ClusterSystemSettings settings) => settings.AdditionalHocon = $"""
        akka.remote.dot-netty.tcp.applied-adapters = []
        akka.remote.dot-netty.tcp.connection-timeout = {ConnectionTimeout.TotalSeconds}s
        """;

    [Fact]
    public async Task Garbage_bytes_are_logged_and_dropped_and_the_node_keeps_serving()
    {
        var (target, peer) = await SetUpClusterAsync();
        var garbage = new byte[4096];
        new Random(8).NextBytes(garbage);

        await using (var client = await RawTransportClient.ConnectAsync(target.Cluster.Node, Timeout))
        {
            await client.SendAsync(garbage, Timeout);
            Assert.True(await client.ClosedByNodeWithinAsync(DefaultWithin), "the node kept a connection that sent garbage");
            // The first four random bytes read as a length far above the maximum frame size.
            await AssertLoggedAsync(target, client, $"Adjusted frame length exceeds {MaximumFrameSize}");
        }

        await AssertStillServingAsync(target, peer);
    }

    [Fact]
    public async Task Frame_with_bytes_that_are_no_akka_pdu_is_logged_and_dropped_and_the_node_keeps_serving()
    {
        var (target, peer) = await SetUpClusterAsync();
        var body = new byte[200];
        new Random(9).NextBytes(body);

        await using (var client = await RawTransportClient.ConnectAsync(target.Cluster.Node, Timeout))
        {
            await client.SendAsync(RawTransportClient.Frame(body), Timeout);
            Assert.True(await client.ClosedByNodeWithinAsync(DefaultWithin), "the node kept a connection that sent a frame of garbage");
            await AssertLoggedAsync(target, client, "Error while decoding incoming Akka PDU of length 200");
        }

        await AssertStillServingAsync(target, peer);
    }

    [Fact]
    public async Task Truncated_frame_times_out_the_handshake_is_logged_and_the_node_keeps_serving()
    {
        var (target, peer) = await SetUpClusterAsync();
        var associate = RawTransportClient.Frame(RawTransportClient.AssociatePdu("akka.tcp", "ClusterSystem", "127.0.0.1", 1, 42));

        await using (var client = await RawTransportClient.ConnectAsync(target.Cluster.Node, Timeout))
        {
            await client.SendAsync(associate[..(associate.Length / 2)], Timeout);
            Assert.True(await client.ClosedByNodeWithinAsync(DefaultWithin), "the node kept a connection whose first frame never completed");
            await AssertLoggedAsync(target, client, $"Handshake timed out after [{ConnectionTimeout.TotalMilliseconds}] ms");
        }

        await AssertStillServingAsync(target, peer);
    }

    [Fact]
    public async Task Frame_larger_than_the_maximum_frame_size_is_logged_and_dropped_and_the_node_keeps_serving()
    {
        var (target, peer) = await SetUpClusterAsync();

        await using (var client = await RawTransportClient.ConnectAsync(target.Cluster.Node, Timeout))
        {
            await client.SendAsync(RawTransportClient.Frame(new byte[1024], declaredLength: MaximumFrameSize + 1), Timeout);
            Assert.True(await client.ClosedByNodeWithinAsync(DefaultWithin), "the node kept a connection that announced an oversized frame");
            // DotNetty counts the 4-byte length field in the frame length.
            await AssertLoggedAsync(target, client, $"Adjusted frame length exceeds {MaximumFrameSize}: {MaximumFrameSize + 1 + 4}");
        }

        await AssertStillServingAsync(target, peer);
    }

    [Fact]
    public async Task Message_with_an_unknown_serializer_id_is_logged_and_dropped_and_the_node_keeps_serving()
    {
        var (target, peer) = await SetUpClusterAsync();
        var self = target.Cluster.Node;

        await using (var client = await RawTransportClient.ConnectAsync(self, Timeout))
        {
            // Transport-level addresses carry the bare scheme ("tcp"); Akka's protocol layer adds "akka.".
            var origin = RawTransportClient.AssociatePdu("tcp", target.Settings.ClusterName, "127.0.0.1", client.LocalPort, uid: 4242);
            await client.SendAsync(RawTransportClient.Frame(origin), Timeout);
            var message = RawTransportClient.MessagePdu($"{self.Protocol}://{target.Settings.ClusterName}@{self.Host}:{self.Port}/user/anyone",
                serializerId: 9999, manifest: "Hostile", message: [1, 2, 3]);
            await client.SendAsync(RawTransportClient.Frame(message), Timeout);
            await AssertLoggedAsync(target, client, "Deserialization failed for message with serializer id [9999] and manifest [Hostile]");
        }

        await AssertStillServingAsync(target, peer);
    }

    private CancellationToken Timeout => _timeout.Token;

    public override async Task DisposeAsync()
    {
        _timeout.Dispose();
        await base.DisposeAsync();
    }

    private async Task<(ClusterSystem Target, ClusterSystem Peer)> SetUpClusterAsync()
    {
        var target = await SetUpNodeAsync("target");
        var peer = await SetUpNodeAsync("peer");
        await JoinNodesAsync(peer, target);
        return (target, peer);
    }

    /// <summary>Waits for a log line of <paramref name="node"/> that says <paramref name="text"/> and names the client's port, so an operator can trace the source.</summary>
    private Task AssertLoggedAsync(ClusterSystem node, RawTransportClient client, string text) =>
        EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(node.ActorSystem),
            l => l.Contains(text, StringComparison.Ordinal) && l.Contains(client.LocalPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            DefaultWithin);

    private async Task AssertStillServingAsync(ClusterSystem target, ClusterSystem peer)
    {
        await AssertHoldsAsync(() =>
        {
            foreach (var (observer, observed) in new[] { (target, peer), (peer, target) })
            {
                var member = observer.Cluster.MembershipSnapshot.FindMember(observed.Cluster.UniqueNode);
                Assert.NotNull(member);
                Assert.Equal(ClusterSpec.MemberStatus.Up, member.Status);
                Assert.Equal(ClusterSpec.MemberReachability.Reachable, member.Reachability);
            }
        }, StillServingFor);
        var newcomer = await SetUpNodeAsync("newcomer");
        newcomer.Cluster.Join(target.Cluster.Node);
        await EnsureAllUpAsync([target, peer, newcomer]);
    }
}
