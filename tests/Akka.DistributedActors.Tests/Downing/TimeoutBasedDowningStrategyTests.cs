using Akka.DistributedActors;
using static Akka.DistributedActors.Tests.TestNodes;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

public sealed class TimeoutBasedDowningStrategyTests
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(1);
    private static readonly UniqueNode A = Unique("a", 7001, 1);
    private static readonly UniqueNode B = Unique("b", 7002, 2);
    private static readonly UniqueNode C = Unique("c", 7003, 3);

    // A three-node cluster, all Up, with a leader; the strategy runs on `self`.
    private static TimeoutBasedDowningStrategy Strategy(UniqueNode self, UniqueNode? leader, int minMembersToLead = 1)
    {
        var settings = new ClusterSystemSettings { AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(minMembersToLead) };
        var strategy = new TimeoutBasedDowningStrategy(new TimeoutBasedDowningStrategySettings { DownUnreachableMembersAfter = After },
            new DowningContext(self, settings));
        var membership = new Spec.Membership([Up(A, 1), Up(B, 2), Up(C, 3)], leader);
        Assert.Equal(DowningDirectives.None, strategy.OnClusterEvent(new Spec.Snapshot(membership)));
        return strategy;
    }

    private static Spec.Member Member(TimeoutBasedDowningStrategy s, UniqueNode node) => s.Membership.FindMember(node)!;

    private static DowningStrategyDirective Unreachable(TimeoutBasedDowningStrategy s, UniqueNode node) =>
        s.OnClusterEvent(new Spec.ReachabilityChange(Member(s, node).AsUnreachable));

    private static DowningStrategyDirective Reachable(TimeoutBasedDowningStrategy s, UniqueNode node) =>
        s.OnClusterEvent(new Spec.ReachabilityChange(Member(s, node).AsReachable));

    private static DowningStrategyDirective Leader(TimeoutBasedDowningStrategy s, UniqueNode node) =>
        s.OnClusterEvent(new Spec.LeadershipChange(s.Membership.Leader, Member(s, node)));

    [Fact]
    public void Leader_starts_a_timer_for_an_unreachable_member_and_marks_it_down_when_it_fires()
    {
        var s = Strategy(self: A, leader: A);

        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));

        Assert.Equal(DowningDirectives.StartTimer(Member(s, C), After), started);
        Assert.Equal(DowningDirectives.MarkAsDown(Member(s, C)), s.OnTimeout(started.Member));
    }

    [Fact]
    public void Non_leader_also_times_the_member_but_only_remembers_it()
    {
        var s = Strategy(self: B, leader: A);

        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));

        Assert.Equal(DowningDirectives.None, s.OnTimeout(started.Member));
        Assert.Equal([C], s.PendingMarkAsDown.Select(m => m.Node));
    }

    [Fact]
    public void Non_leader_marks_pending_members_down_when_leadership_is_handed_over_to_it()
    {
        var s = Strategy(self: B, leader: A);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));
        s.OnTimeout(started.Member);

        var directive = Leader(s, B);

        Assert.Equal(DowningDirectives.MarkAsDown(Member(s, C)), directive);
        Assert.Empty(s.PendingMarkAsDown);
        Assert.Equal(DowningDirectives.None, Leader(s, A));
    }

    [Fact]
    public void Leadership_that_arrives_after_the_unreachable_event_but_before_the_timeout_is_used_at_the_timeout()
    {
        // Akka publishes LeaderChanged after UnreachableMember in the same gossip diff (akka_api.md 2.5).
        var s = Strategy(self: B, leader: C);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));
        Assert.Equal(DowningDirectives.None, Leader(s, B));

        Assert.Equal(DowningDirectives.MarkAsDown(Member(s, C)), s.OnTimeout(started.Member));
    }

    [Fact]
    public void Member_reachable_again_before_the_timeout_cancels_its_timer_and_is_not_downed()
    {
        var s = Strategy(self: A, leader: A);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));

        Assert.Equal(DowningDirectives.CancelTimer(Member(s, C)), Reachable(s, C));
        Assert.Equal(DowningDirectives.None, s.OnTimeout(started.Member));
    }

    [Fact]
    public void Member_reachable_again_after_a_non_leader_timeout_is_forgotten()
    {
        var s = Strategy(self: B, leader: A);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));
        s.OnTimeout(started.Member);

        Reachable(s, C);

        Assert.Empty(s.PendingMarkAsDown);
        Assert.Equal(DowningDirectives.None, Leader(s, B));
    }

    [Fact]
    public void Member_downed_by_someone_else_cancels_its_timer_and_leaves_the_pending_set()
    {
        var s = Strategy(self: B, leader: A);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));
        s.OnTimeout(started.Member);
        var down = Member(s, C).MoveForward(Spec.MemberStatus.Down)!;

        Assert.Equal(DowningDirectives.CancelTimer(Member(s, C)), s.OnClusterEvent(down));
        Assert.Empty(s.PendingMarkAsDown);
        Assert.Equal(DowningDirectives.None, s.OnTimeout(started.Member));
    }

    [Fact]
    public void Replacement_marks_the_replaced_member_down()
    {
        var s = Strategy(self: A, leader: A);
        var oldC = Member(s, C);
        var newC = new Spec.Member(Unique("c", 7003, 33), Spec.MemberStatus.Joining);

        var directive = s.OnClusterEvent(new Spec.MembershipChange(newC, null, oldC));

        Assert.Equal(DowningDirectives.MarkAsDown(oldC), directive);
    }

    [Fact]
    public void Replacement_of_a_pending_member_removes_it_from_the_pending_set()
    {
        var s = Strategy(self: B, leader: A);
        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));
        s.OnTimeout(started.Member);
        var newC = new Spec.Member(Unique("c", 7003, 33), Spec.MemberStatus.Joining);

        s.OnClusterEvent(new Spec.MembershipChange(newC, null, Member(s, C)));

        Assert.Empty(s.PendingMarkAsDown);
    }

    [Fact]
    public void Leader_that_sees_fewer_reachable_members_than_the_election_minimum_does_not_down_the_others()
    {
        // C is cut off alone: Akka makes it the leader of its own side, but with LowestReachable(2) it must not act.
        var s = Strategy(self: C, leader: A, minMembersToLead: 2);
        var forA = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, A));
        var forB = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, B));
        Leader(s, C);

        Assert.False(s.IsLeader);
        Assert.Equal(DowningDirectives.None, s.OnTimeout(forA.Member));
        Assert.Equal(DowningDirectives.None, s.OnTimeout(forB.Member));
        Assert.Equal(2, s.PendingMarkAsDown.Count);
    }

    [Fact]
    public void Leader_regaining_enough_reachable_members_marks_the_remaining_pending_members_down()
    {
        var s = Strategy(self: C, leader: C, minMembersToLead: 2);
        var forA = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, A));
        var forB = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, B));
        s.OnTimeout(forA.Member);
        s.OnTimeout(forB.Member);

        var directive = Reachable(s, B);

        Assert.Equal(DowningDirectives.MarkAsDown(Member(s, A)), directive);
    }

    [Fact]
    public void Majority_side_leader_with_the_election_minimum_downs_the_cut_off_member()
    {
        var s = Strategy(self: A, leader: A, minMembersToLead: 2);

        var started = Assert.IsType<DowningStrategyDirective.StartTimer>(Unreachable(s, C));

        Assert.True(s.IsLeader);
        Assert.Equal(DowningDirectives.MarkAsDown(Member(s, C)), s.OnTimeout(started.Member));
    }

    [Fact]
    public void Unreachable_member_that_is_already_down_gets_no_timer()
    {
        var s = Strategy(self: A, leader: A);
        s.OnClusterEvent(Member(s, C).MoveForward(Spec.MemberStatus.Down)!);

        Assert.Equal(DowningDirectives.None, Unreachable(s, C));
    }

    [Fact]
    public void Events_that_change_nothing_give_no_directive()
    {
        var s = Strategy(self: A, leader: A);

        Assert.Equal(DowningDirectives.None, Reachable(s, C));
        Assert.Equal(DowningDirectives.None, s.OnClusterEvent(new Spec.MembershipChange(Member(s, B), Spec.MemberStatus.Up)));
        Assert.Equal(DowningDirectives.None, s.OnTimeout(Member(s, B)));
    }
}
