using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using static Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

[LongRunning(20)]
public sealed class MembershipLifecycleTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private async Task<(ClusterSystem A, ClusterSystem B, ClusterSystem C)> StartThreeNodeClusterAsync(
        Action<ClusterSystemSettings>? configure = null)
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"], configure);
        return (nodes[0], nodes[1], nodes[2]);
    }

    [Fact]
    public async Task Join_through_one_node_reaches_every_node_through_gossip()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        var c = await SetUpNodeAsync("c");

        b.Cluster.Join(a.Cluster.Node);
        c.Cluster.Join(b.Cluster.Node);

        await EnsureAllUpAsync([a, b, c]);
        Assert.Equal(3, c.Cluster.MembershipSnapshot.CountWithStatus(MemberStatus.Up));
    }

    [Fact]
    public async Task Chained_joins_started_together_form_one_cluster_whatever_the_address_order()
    {
        // The middle of the chain is asked to decide for a third node while its own join is still unanswered;
        // with the highest address in the middle, deciding on its own would found a second cluster.
        var started = new[] { await SetUpNodeAsync("x"), await SetUpNodeAsync("y"), await SetUpNodeAsync("z") };
        var byPort = started.OrderBy(n => n.Cluster.Node.Port).ToArray();
        var (low, mid, high) = (byPort[0], byPort[1], byPort[2]);

        high.Cluster.Join(mid.Cluster.Node);
        low.Cluster.Join(high.Cluster.Node);

        await EnsureAllUpAsync(started);
        Assert.All(started, n => Assert.Equal(3, n.Cluster.MembershipSnapshot.Count));
    }

    [Fact]
    public async Task Leaving_node_is_seen_leaving_then_removed_and_shuts_down()
    {
        var (a, b, c) = await StartThreeNodeClusterAsync();
        var probe = EventProbe(a);

        c.Cluster.Leave();

        var leaving = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Leaving, DefaultWithin);
        var removed = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Removed, DefaultWithin);
        Assert.Equal(MemberStatus.Up, leaving.PreviousStatus);
        Assert.Equal(MemberStatus.Leaving, removed.PreviousStatus);
        await AssertMemberStatusAsync(b, c.Cluster.UniqueNode, MemberStatus.Removed);
        await c.Terminated.WaitAsync(DefaultWithin);
    }

    [Fact]
    public async Task Downed_member_is_seen_down_then_removed_by_leader()
    {
        var (a, b, c) = await StartThreeNodeClusterAsync();
        var probe = EventProbe(b);

        a.Cluster.Down(c.Cluster.Node);

        var down = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Down, DefaultWithin);
        var removed = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Removed, DefaultWithin);
        Assert.Equal(MemberStatus.Up, down.PreviousStatus);
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
        Assert.True(probe.Events.ToList().IndexOf(down) < probe.Events.ToList().IndexOf(removed));
        await c.Terminated.WaitAsync(DefaultWithin);
    }

    [Fact]
    public async Task Downed_node_sees_itself_down_then_removed()
    {
        var (a, _, c) = await StartThreeNodeClusterAsync(s => s.OnDownAction = OnDownActionStrategySettings.None);
        var probe = EventProbe(c);

        a.Cluster.Down(c.Cluster.Node);

        // Akka shuts the downed node's cluster down on the gossip that marks it Down, mostly without publishing that Down.
        var down = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Down, DefaultWithin);
        var removed = await probe.ExpectMembershipChangeAsync(c.Cluster.UniqueNode, MemberStatus.Removed, DefaultWithin);
        Assert.Equal(MemberStatus.Up, down.PreviousStatus);
        Assert.Equal(MemberStatus.Down, removed.PreviousStatus);
    }

    [Fact]
    public async Task Node_restarted_on_same_port_is_a_replacement_after_the_old_one_went_down()
    {
        var (a, b, c) = await StartThreeNodeClusterAsync();
        var probe = EventProbe(a);
        var old = c.Cluster.UniqueNode;

        await CrashAsync(c);
        var replacement = await SetUpNodeAsync("c2", s => s.Node.Port = old.Port);
        replacement.Cluster.Join(a.Cluster.Node);

        var change = await probe.ExpectAsync<MembershipChange>(e => e.Node.Equals(replacement.Cluster.UniqueNode), DefaultWithin, "of the replacement");
        Assert.True(change.IsReplacement);
        Assert.Equal(old, change.Replaced!.Node);
        Assert.Equal(MemberStatus.Down, change.PreviousStatus);
        Assert.NotEqual(old.Nid, change.Node.Nid);
        var events = probe.Events.ToList();
        var oldDown = events.OfType<MembershipChange>().First(e => e.Node.Equals(old) && e.IsDown);
        Assert.True(events.IndexOf(oldDown) < events.IndexOf(change), "the old incarnation's Down must come before its replacement");
        await AssertMemberStatusAsync(a, replacement.Cluster.UniqueNode, MemberStatus.Up);
        await EventuallyAsync(() => Assert.Equal(a.Cluster.MembershipSnapshot, probe.Replay()), DefaultWithin);
    }

    [Fact]
    public async Task Simultaneous_joins_in_both_directions_form_one_cluster()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");

        a.Cluster.Join(b.Cluster.Node);
        b.Cluster.Join(a.Cluster.Node);

        await EnsureAllUpAsync([a, b]);
        Assert.Equal(2, a.Cluster.MembershipSnapshot.Count);
        Assert.Equal(2, b.Cluster.MembershipSnapshot.Count);
    }

    [Fact]
    public async Task Joining_yourself_forms_a_cluster_of_one()
    {
        var alone = await SetUpNodeAsync("alone");

        alone.Cluster.Join(alone.Cluster.Node);

        var self = await alone.Cluster.JoinedAsync(DefaultWithin);
        Assert.Equal(alone.Cluster.UniqueNode, self.Node);
        Assert.Single(alone.Cluster.MembershipSnapshot);
    }

    [Fact]
    public async Task Fresh_node_sees_itself_joining()
    {
        var fresh = await SetUpNodeAsync("fresh");

        var members = fresh.Cluster.MembershipSnapshot.MembersAtLeast(MemberStatus.Joining);

        Assert.Equal(new Member(fresh.Cluster.UniqueNode, MemberStatus.Joining), Assert.Single(members));
        Assert.Equal(MemberStatus.Joining, fresh.Cluster.Member.Status);
    }

    [Fact]
    public async Task Waiting_for_a_status_that_never_comes_fails_with_what_was_expected_and_found()
    {
        var fresh = await SetUpNodeAsync("fresh");

        var error = await Assert.ThrowsAsync<MembershipError>(() =>
            fresh.Cluster.WaitForAsync(fresh.Cluster.UniqueNode, MemberStatus.Up, TimeSpan.FromMilliseconds(300)));

        Assert.Equal(MembershipError.ErrorKind.AwaitStatusTimedOut, error.Kind);
        Assert.Contains("to be Up", error.Message);
        Assert.Contains("Joining", error.Message);
        Assert.Equal(MembershipError.ErrorKind.StatusRequirementNotMet, Assert.IsType<MembershipError>(error.InnerException).Kind);
    }

    [Fact]
    public async Task Wait_for_at_least_passes_when_the_member_is_further_along()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);

        var member = await first.Cluster.WaitForAtLeastAsync(second.Cluster.UniqueNode, MemberStatus.Joining, DefaultWithin);

        Assert.Equal(MemberStatus.Up, member.Status);
    }
}
