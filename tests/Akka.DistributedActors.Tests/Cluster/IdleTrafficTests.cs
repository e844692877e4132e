using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>
/// Once every node is Up, a facade cluster sends what Akka.Cluster itself needs and nothing else: the join handshake, Akka's
/// joins, Identify probes and anything else of the facade's are done. Counted on the transport (<see cref="RemoteTraffic"/>).
/// </summary>
public sealed class IdleTrafficTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const int NodeCount = 4;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_stable_cluster_sends_only_Akkas_heartbeats_and_gossip()
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < NodeCount; i++) nodes.Add(await SetUpNodeAsync($"node{i}", s => s.AdditionalHocon = RemoteTraffic.Hocon));
        foreach (var node in nodes.Skip(1)) node.Cluster.Join(nodes[0].Cluster.Node);
        await EnsureAllUpAsync(nodes, TimeSpan.FromSeconds(30));

        using var traffic = RemoteTraffic.Observe(nodes.Select(n => n.Cluster.Node.Port));
        await Task.Delay(Window);

        foreach (var (kind, count) in traffic.ByKind.OrderBy(k => k.Key)) Output?.WriteLine($"{count,6}  {kind}");
        Assert.True(traffic.ByKind.Keys.Any(k => k.Contains("heartbeat", StringComparison.OrdinalIgnoreCase)),
            "the counter saw no heartbeat: it does not count this cluster's traffic");
        Assert.Empty(traffic.ByKind.Where(k => !IsAkkaClusterUpkeep(k.Key)).Select(k => $"{k.Value} x {k.Key}"));
    }

    // Akka.Cluster's failure-detector heartbeats and replies and its gossip (ClusterMessageSerializer, id 5), Akka.Remote's
    // transport heartbeats, associations (gossip may pick a peer it has not talked to yet) and system-message acks.
    private static bool IsAkkaClusterUpkeep(string kind) =>
        kind is "transport heartbeat" or "transport associate" or "system-message ack" ||
        kind.StartsWith("5/HB ", StringComparison.Ordinal) || kind.StartsWith("5/HBR ", StringComparison.Ordinal) ||
        kind.StartsWith("5/Akka.Cluster.GossipStatus,", StringComparison.Ordinal) ||
        kind.StartsWith("5/Akka.Cluster.GossipEnvelope,", StringComparison.Ordinal);
}
