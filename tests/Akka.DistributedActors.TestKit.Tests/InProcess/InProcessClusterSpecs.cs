using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

/// <summary>
/// The cluster scenarios of <see cref="MultiProcess.MultiProcessClusterSpecs"/> and <see cref="MultiProcess.MultiProcessFaultSpecs"/>,
/// with every node in this process.
/// </summary>
public sealed class InProcessClusterSpecs(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Three_nodes_join_and_see_each_other_up()
    {
        var (first, second) = await SetUpPairAsync();
        var third = await SetUpNodeAsync("third");

        await JoinNodesAsync(first, second);
        await JoinNodesAsync(third, first);

        UniqueNode[] all = [first.Cluster.UniqueNode, second.Cluster.UniqueNode, third.Cluster.UniqueNode];
        foreach (var on in new[] { first, second, third }) await EnsureNodesAsync(Status.Up, on, nodes: all);
        var lowest = all.Min()!;
        foreach (var on in new[] { first, second, third }) await AssertLeaderNodeAsync(on, lowest);
    }

    [Fact]
    public async Task Crashed_node_goes_down_then_removed_on_the_others()
    {
        var (a, b, victim) = await SetUpThreeAsync();
        var probes = new[] { EventProbe(a), EventProbe(b) };

        await CrashAsync(victim);

        foreach (var probe in probes)
        {
            var down = await probe.ExpectMembershipChangeAsync(victim.Cluster.UniqueNode, Status.Down, DefaultWithin);
            var removed = await probe.ExpectMembershipChangeAsync(victim.Cluster.UniqueNode, Status.Removed, DefaultWithin);
            var events = probe.Events.ToList();
            Assert.True(events.IndexOf(down) < events.IndexOf(removed), $"Down must come before Removed on {probe.System}.");
        }
        await EnsureNodesAsync(Status.Up, a, nodes: [a.Cluster.UniqueNode, b.Cluster.UniqueNode]);
    }

    [Fact]
    public async Task Partition_with_downing_leaves_one_side()
    {
        var (a, b, minority) = await SetUpThreeAsync();

        await PartitionAsync([a, b], [minority]);

        // Keep-majority: the two-node side downs the lone node, which downs itself and shuts down.
        await AssertMemberStatusAsync(a, minority.Cluster.UniqueNode, Status.Removed);
        await AssertMemberStatusAsync(b, minority.Cluster.UniqueNode, Status.Removed);
        await minority.Terminated.WaitAsync(DefaultWithin);
        await EnsureNodesAsync(Status.Up, b, nodes: [a.Cluster.UniqueNode, b.Cluster.UniqueNode]);
    }

    [Fact]
    public async Task Partition_with_timeout_downing_leaves_the_majority_side()
    {
        var (a, b, minority) = await SetUpThreeAsync(TimeoutDowning);

        await PartitionAsync([a, b], [minority]);

        // The two-node side has a leader and downs the lone node; alone, the minority has no leader and downs nobody.
        await AssertMemberStatusAsync(a, minority.Cluster.UniqueNode, Status.Removed);
        await AssertMemberStatusAsync(b, minority.Cluster.UniqueNode, Status.Removed);
        await AssertHoldsAsync(() =>
        {
            Assert.Equal(2, a.Cluster.MembershipSnapshot.CountWithStatus(Status.Up));
            Assert.All([a, b], n => Assert.True(minority.Cluster.MembershipSnapshot.FindMember(n.Cluster.UniqueNode)?.Status < Status.Down));
        }, TimeSpan.FromSeconds(1));

        // Once the link heals the minority learns it was removed and shuts itself down.
        await HealAsync();
        await minority.Terminated.WaitAsync(DefaultWithin);
    }

    /// <summary>
    /// Swift's timeout downing (1 s); a leader needs two reachable members, so a node cut off alone cannot down the others;
    /// a short transport failure detector lets the cut-off node notice, after healing, that the others dropped it.
    /// </summary>
    internal static void TimeoutDowning(ClusterSystemSettings s)
    {
        s.Downing = DowningStrategySettings.Timeout(new TimeoutBasedDowningStrategySettings { DownUnreachableMembersAfter = TimeSpan.FromSeconds(1) });
        s.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(2);
        s.AdditionalHocon = "akka.remote.transport-failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }";
    }

    [Fact]
    public async Task Blackholed_link_makes_nodes_unreachable_and_pass_through_heals_it()
    {
        var (first, second) = await SetUpPairAsync(s => s.Downing = DowningStrategySettings.None);
        await JoinNodesAsync(first, second);
        var probe = EventProbe(first);

        await BlackholeAsync(first, second);
        await probe.ExpectAsync<Cluster.ReachabilityChange>(r => r.Member.Node.Equals(second.Cluster.UniqueNode) && r.ToUnreachable, DefaultWithin);

        await PassThroughAsync(first, second);
        await probe.ExpectAsync<Cluster.ReachabilityChange>(r => r.Member.Node.Equals(second.Cluster.UniqueNode) && r.ToReachable, DefaultWithin);
    }

    [Fact]
    public async Task Paused_node_is_unreachable_to_all_and_reachable_after_resume()
    {
        var (a, b, paused) = await SetUpThreeAsync(s => s.Downing = DowningStrategySettings.None);

        await PauseAsync(paused);
        foreach (var on in new[] { a, b })
        {
            await EventuallyAsync(() => Assert.Equal(Cluster.MemberReachability.Unreachable,
                on.Cluster.MembershipSnapshot.FindMember(paused.Cluster.UniqueNode)!.Reachability), DefaultWithin);
        }
        // The pause cuts links only: the paused node still runs and sees the others unreachable.
        Assert.False(paused.IsTerminated);

        await ResumeAsync(paused);
        foreach (var on in new[] { a, b, paused })
            await EventuallyAsync(() => Assert.Empty(on.Cluster.MembershipSnapshot.MembersAtLeast(Status.Joining, Cluster.MemberReachability.Unreachable)), DefaultWithin);
    }

    [Fact]
    public async Task Eventually_rethrows_the_last_failure_after_its_deadline_and_holds_fails_at_the_first()
    {
        var attempts = 0;
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => EventuallyAsync(() =>
        {
            attempts++;
            throw new InvalidOperationException($"attempt {attempts}");
        }, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50)));
        Assert.True(attempts > 1);
        Assert.Equal($"attempt {attempts}", failure.Message);

        var checks = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => AssertHoldsAsync(() =>
        {
            if (++checks == 3) throw new InvalidOperationException("broke");
        }, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10)));
        Assert.Equal(3, checks);
    }

    private async Task<(ClusterSystem A, ClusterSystem B, ClusterSystem C)> SetUpThreeAsync(Action<ClusterSystemSettings>? configure = null)
    {
        var nodes = await SetUpClusterAsync(["first", "second", "third"], configure);
        return (nodes[0], nodes[1], nodes[2]);
    }
}
