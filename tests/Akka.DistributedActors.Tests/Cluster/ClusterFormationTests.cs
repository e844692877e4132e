using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class ClusterFormationTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public async Task Nodes_on_port_zero_form_one_cluster_and_event_replay_equals_snapshot(int n)
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < n; i++) nodes.Add(await SetUpNodeAsync($"node{i}"));
        var probes = nodes.Select(EventProbe).ToList();

        foreach (var node in nodes.Skip(1)) node.Cluster.Join(nodes[0].Cluster.Node);
        await EnsureAllUpAsync(nodes, TimeSpan.FromSeconds(30));

        Assert.All(nodes, node => Assert.NotEqual(0, node.Cluster.Node.Port));
        await EventuallyAsync(() =>
        {
            foreach (var probe in probes)
            {
                var replayed = probe.Replay();
                Assert.Equal(probe.System.Cluster.MembershipSnapshot, replayed);
                Assert.Equal(n, replayed.CountWithStatus(DistributedActors.Cluster.MemberStatus.Up));
                Assert.IsType<DistributedActors.Cluster.Snapshot>(probe.Events[0]);
            }
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Systems_with_different_names_join_one_cluster_and_keep_their_names()
    {
        var first = await SetUpNodeAsync("FirstSystem");
        var second = await SetUpNodeAsync("second");

        first.Cluster.Join(second.Cluster.UniqueNode);
        await EnsureAllUpAsync([first, second]);

        foreach (var observer in new[] { first, second })
        {
            var members = observer.Cluster.MembershipSnapshot;
            Assert.Equal("FirstSystem", members.FindMember(first.Cluster.UniqueNode)!.Node.SystemName);
            Assert.Equal("second", members.FindMember(second.Cluster.UniqueNode)!.Node.SystemName);
        }
    }
}
