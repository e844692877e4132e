using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

public sealed class RestartTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private enum Role
    {
        First,
        Second,
        Third,
    }

    [Fact]
    public async Task Crashed_node_restarts_on_its_address_and_rejoins_as_a_new_incarnation_the_others_see()
    {
        var nodes = await SetUpClusterAsync(RoleName.NamesOf<Role>());
        var old = Node(Role.Third);
        var oldIdentity = old.Cluster.UniqueNode;
        var probes = new[] { EventProbe(Node(Role.First)), EventProbe(Node(Role.Second)) };
        await CrashAsync(old);

        var replacement = await RestartAsync(old);

        var identity = replacement.Cluster.UniqueNode;
        Assert.Equal(oldIdentity.Node, identity.Node);
        Assert.NotEqual(oldIdentity.Nid, identity.Nid);
        Assert.Same(replacement, Node(Role.Third));
        foreach (var probe in probes)
        {
            await probe.ExpectMembershipChangeAsync(identity, Status.Up, DefaultWithin);
            await probe.ExpectAsync<Cluster.MembershipChange>(c => c.Node.Equals(oldIdentity) && c.Status >= Status.Down, DefaultWithin, "of the old incarnation to Down or Removed");
        }
        await EnsureAllUpAsync([nodes[0], nodes[1], replacement]);
        Assert.Contains(TimelineSoFar.Entries, e => e.Kind == TimelineEntryKind.Action && e.Text.StartsWith("restart Third as Third#2", StringComparison.Ordinal));
    }
}
