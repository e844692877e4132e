using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>The leader of a <see cref="Membership"/> and <see cref="Membership.ApplyLeadershipChange"/> (swift_api.md §3).</summary>
public sealed class MembershipLeadershipTests
{
    // ---- leader -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Leader_is_resolved_through_membership_and_Leaderless_drops_it()
    {
        var membership = new Membership([Up(A, 1), Up(B, 2)], leader: B);

        Assert.Equal(B, membership.Leader!.Node);
        Assert.True(membership.IsLeader(B));
        Assert.True(membership.IsLeader(Up(B, 99)));
        Assert.False(membership.IsLeader(A));
        Assert.Null(membership.Leaderless.Leader);
        Assert.False(membership.Leaderless.IsLeader(B));
        Assert.Equal(B, membership.Leader!.Node);
    }

    [Fact]
    public void Leader_that_is_not_a_member_is_no_leader()
    {
        var membership = new Membership([Up(A, 1)], leader: D);

        Assert.Null(membership.Leader);
        Assert.False(membership.IsLeader(D));
    }

    [Fact]
    public void Leader_reflects_the_current_status_of_the_leading_member()
    {
        var membership = new Membership([Up(A, 1)], leader: A).Marking(A, MemberStatus.Down);

        Assert.Equal(MemberStatus.Down, membership.Leader!.Status);
    }

    // ---- leadership -------------------------------------------------------------------------------------------------

    [Fact]
    public void Leadership_change_to_a_member_makes_it_leader_and_repeating_it_is_not_effective()
    {
        var membership = InitialMembership;
        Assert.False(membership.IsLeader(A));

        membership = membership.ApplyLeadershipChange(Up(A, 1), out var change);
        Assert.Equal(new LeadershipChange(null, Up(A, 1)), change);
        Assert.True(membership.IsLeader(A));

        var same = membership.ApplyLeadershipChange(new Member(A, MemberStatus.Joining), out var noChange);
        Assert.Null(noChange);
        Assert.Same(membership, same);

        membership = membership.ApplyLeadershipChange(Up(B, 2), out var toB);
        Assert.Equal(A, toB!.OldLeader!.Node);
        Assert.Equal(B, toB.NewLeader!.Node);
        Assert.True(membership.IsLeader(B));
    }

    [Fact]
    public void Leadership_change_reports_the_member_as_stored_in_the_membership()
    {
        var membership = InitialMembership.Mark(A, MemberReachability.Unreachable, out _);

        membership.ApplyLeadershipChange(new Member(A, MemberStatus.Joining), out var change);

        Assert.Equal(MemberStatus.Up, change!.NewLeader!.Status);
        Assert.False(change.NewLeader.IsReachable);
    }

    [Fact]
    public void Leadership_change_to_no_leader_clears_it_and_is_effective_only_if_there_was_one()
    {
        var led = new Membership([Up(A, 1), Up(B, 2)], leader: A);

        var leaderless = led.ApplyLeadershipChange((Member?)null, out var change);
        Assert.Equal(new LeadershipChange(Up(A, 1), null), change);
        Assert.Null(leaderless.Leader);

        Assert.Same(leaderless, leaderless.ApplyLeadershipChange((Member?)null, out var noChange));
        Assert.Null(noChange);
    }

    [Fact]
    public void Leadership_change_on_an_empty_membership_joins_the_leader_first()
    {
        var membership = Membership.Empty.ApplyLeadershipChange(Up(A, 1), out var change);

        Assert.Single(membership);
        Assert.Equal(MemberStatus.Joining, membership.FindMember(A)!.Status);
        Assert.True(membership.IsLeader(A));
        Assert.Null(change!.OldLeader);
        Assert.Equal(A, change.NewLeader!.Node);
    }

    [Fact]
    public void Leadership_change_to_a_non_member_fails_with_NonMemberLeaderSelected()
    {
        var membership = new Membership([Up(A, 1), Up(B, 2)], leader: A);

        var error = Assert.Throws<MembershipError>(() => membership.ApplyLeadershipChange(Up(D, 1), out _));

        Assert.Equal(MembershipError.ErrorKind.NonMemberLeaderSelected, error.Kind);
        Assert.Contains(D.ToString(), error.Message);
        Assert.True(membership.IsLeader(A));
        Assert.Throws<MembershipError>(() => membership.Apply(new LeadershipChange(null, Up(A2, 1))));
    }

    [Fact]
    public void Leadership_change_to_a_removed_node_on_an_empty_membership_fails()
    {
        var membership = new Membership([Up(A, 1)]).RemovingCompletely(A);

        var error = Assert.Throws<MembershipError>(() => membership.ApplyLeadershipChange(Up(A, 1), out _));

        Assert.Equal(MembershipError.ErrorKind.NonMemberLeaderSelected, error.Kind);
    }

    [Fact]
    public void Applying_a_leadership_change_uses_its_new_leader_and_a_null_change_does_nothing()
    {
        var membership = new Membership([Up(A, 1), Up(B, 2)], leader: A);

        var toB = membership.ApplyLeadershipChange(new LeadershipChange(Up(A, 1), Up(B, 2)), out var effective);
        Assert.True(toB.IsLeader(B));
        Assert.NotNull(effective);

        // Deviation from Swift, where applyLeadershipChange(nil) means "change to no leader" and clears it.
        Assert.Same(membership, membership.ApplyLeadershipChange((LeadershipChange?)null, out var none));
        Assert.Null(none);

        var cleared = membership.ApplyLeadershipChange(new LeadershipChange(Up(A, 1), null), out var toNone);
        Assert.Null(cleared.Leader);
        Assert.Null(toNone!.NewLeader);
    }
}
