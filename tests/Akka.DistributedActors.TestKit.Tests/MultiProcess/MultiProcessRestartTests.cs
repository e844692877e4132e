using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.MultiProcess;

public sealed class MultiProcessRestartTests(ITestOutputHelper output) : MultiNodeSpec(output)
{
    private enum Nodes
    {
        First,
        Second,
        Third,
    }

    protected override IReadOnlyList<string> NodeNames => RoleName.NamesOf<Nodes>();

    [Fact]
    public Task Killed_node_restarts_on_its_address_rejoins_as_a_new_incarnation_and_the_others_see_it() => RunAsync(async node =>
    {
        var old = node[Nodes.Third];
        await node.RunOnAsync(Nodes.First, async _ =>
        {
            await node.KillAsync(Nodes.Third);
            await node.RestartAsync(Nodes.Third, "rejoined");
        });
        // The first Third may get here before it is killed; its arrival is forgotten with it.
        await node.CheckpointAsync("restarted");

        await node.RunOnAsync([Nodes.First, Nodes.Second], async _ =>
        {
            var replacement = node[Nodes.Third];
            Assert.Equal(old.Node, replacement.Node);
            Assert.NotEqual(old.Nid, replacement.Nid);
            await node.Cluster.WaitForAsync(replacement, Status.Up, node.DefaultWithin);
            await node.EventuallyAsync(() => Assert.True(node.Cluster.MembershipSnapshot.FindMember(old) is null or { Status: >= Status.Down }));
        });
        await node.CheckpointAsync("replacement seen");
    }, options => options.EntryPoints["rejoined"] = async node =>
    {
        Assert.Equal(2, node.Incarnation);
        Assert.Equal(node[Nodes.Third], node.UniqueNode);
        await node.CheckpointAsync("restarted");
        await node.Cluster.WaitForAsync(node.AllNodes, Status.Up, node.DefaultWithin);
        await node.CheckpointAsync("replacement seen");
    });
}
