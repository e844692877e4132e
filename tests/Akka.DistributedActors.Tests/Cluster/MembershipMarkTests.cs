using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>The direct updates of a <see cref="Membership"/>: Join, Mark and RemoveCompletely (swift_api.md §3).</summary>
public sealed class MembershipMarkTests
{
    // ---- Join -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Join_adds_a_joining_member_with_no_previous_status()
    {
        var membership = InitialMembership.Join(D, out var change);

        Assert.Equal(MemberStatus.Joining, membership.FindMember(D)!.Status);
        Assert.Null(change!.PreviousStatus);
        Assert.True(change.IsJoining);
        Assert.Equal(4, InitialMembership.Joining(D).Count);
    }

    [Fact]
    public void Join_of_a_member_is_not_effective()
    {
        var before = InitialMembership;

        var after = before.Join(B, out var change);

        Assert.Null(change);
        Assert.Same(before, after);
        Assert.Equal(MemberStatus.Up, after.FindMember(B)!.Status);
    }

    [Fact]
    public void Join_over_an_existing_node_is_a_replacement_and_keeps_four_members_with_the_old_one_down()
    {
        var membership = InitialMembership.Join(A2, out var change);

        Assert.True(change!.IsReplacement);
        Assert.Equal(A, change.Replaced!.Node);
        Assert.Equal(MemberStatus.Up, change.Replaced.Status);
        Assert.Equal(A2, change.Node);
        Assert.Equal(MemberStatus.Joining, change.Status);
        Assert.Equal(4, membership.MembersAtLeast(MemberStatus.Joining).Count);
        Assert.Equal(MemberStatus.Down, membership.FindMember(A)!.Status);
    }

    // ---- Mark -------------------------------------------------------------------------------------------------------

    [Fact]
    public void Mark_only_moves_forward()
    {
        var node = Unique("System", "4.4.4.4", 1001, 5);
        var membership = new Membership([new Member(node, MemberStatus.Joining)]);

        Assert.Null(Mark(ref membership, node, MemberStatus.Joining));

        var toUp = Mark(ref membership, node, MemberStatus.Up)!;
        Assert.Equal(MemberStatus.Joining, toUp.PreviousStatus);
        Assert.Equal(MemberStatus.Up, toUp.Status);
        Assert.Contains("1001 :: [Joining] -> [     Up]", toUp.ToString());

        Assert.Null(Mark(ref membership, node, MemberStatus.Joining));
        Assert.Null(Mark(ref membership, node, MemberStatus.Up));

        var toDown = Mark(ref membership, node, MemberStatus.Down)!;
        Assert.Equal(MemberStatus.Up, toDown.PreviousStatus);
        Assert.Contains("1001 :: [     Up] -> [   Down]", toDown.ToString());

        Assert.Null(Mark(ref membership, node, MemberStatus.Joining));
        Assert.Null(Mark(ref membership, node, MemberStatus.Up));
        Assert.Null(Mark(ref membership, node, MemberStatus.Leaving));
        Assert.Equal(MemberStatus.Down, membership.FindMember(node)!.Status);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down)]
    public void Mark_to_the_same_status_is_not_effective(MemberStatus status)
    {
        var before = new Membership([new Member(A, status)]);

        var after = before.Mark(A, status, out var change);

        Assert.Null(change);
        Assert.Same(before, after);
    }

    [Fact]
    public void Mark_of_an_unknown_endpoint_adds_nothing()
    {
        var before = InitialMembership;

        var after = before.Mark(D, MemberStatus.Up, out var change);

        Assert.Null(change);
        Assert.Same(before, after);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    public void Removed_is_only_reached_from_down_via_mark(MemberStatus status)
    {
        var before = new Membership([new Member(A, status)]);

        var notDown = before.Mark(A, MemberStatus.Removed, out var notDownChange);
        var down = before.Marking(A, MemberStatus.Down).Mark(A, MemberStatus.Removed, out var downChange);

        Assert.Null(notDownChange);
        Assert.Same(before, notDown);
        Assert.Equal(MemberStatus.Down, downChange!.PreviousStatus);
        Assert.True(downChange.IsRemoval);
        Assert.False(down.Contains(A));
    }

    [Fact]
    public void Removed_status_is_never_stored()
    {
        var membership = InitialMembership.Marking(A, MemberStatus.Down).Marking(A, MemberStatus.Removed);

        Assert.Null(membership.FindMember(A));
        Assert.Equal(0, membership.CountWithStatus(MemberStatus.Removed));
    }

    [Fact]
    public void Mark_of_a_new_incarnation_is_a_replacement()
    {
        var membership = new Membership([Up(A, 1)]);

        var next = membership.Mark(A2, MemberStatus.Up, out var change);

        Assert.True(change!.IsReplacement);
        Assert.Equal(A, change.Replaced!.Node);
        Assert.Equal(MemberStatus.Up, change.PreviousStatus);
        Assert.Equal(A2, change.Node);
        Assert.Equal(MemberStatus.Up, change.Status);
        Assert.Equal(MemberStatus.Down, next.FindMember(A)!.Status);
    }

    [Fact]
    public void Mark_of_the_replaced_incarnation_leaves_its_replacement_unchanged()
    {
        var one = new Member(Unique("System", "1.1.1.1", 1001, 1), MemberStatus.Joining);
        var two = Up(Unique("System", "2.2.2.2", 2222, 2), 1);
        var twoReplacement = new Member(Unique("System", "2.2.2.2", 2222, 3), MemberStatus.Joining);
        var membership = new Membership([one, two]);

        membership = membership.Mark(twoReplacement.Node, MemberStatus.Joining, out var changed);
        Assert.Equal(twoReplacement.Node, changed!.Node);
        Assert.True(changed.IsJoining);

        membership = membership.Marking(two.Node, MemberStatus.Up);

        Assert.Equal(new Membership([one, two.With(status: MemberStatus.Down), twoReplacement]), membership);
    }

    [Theory]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Removed)]
    public void Mark_of_an_unknown_incarnation_leaving_or_later_changes_nothing(MemberStatus status)
    {
        var before = InitialMembership;

        var after = before.Mark(A2, status, out var change);

        // Swift inserts it as a replacement; here the rule is the one of ApplyMembershipChange, so that the reported
        // change always replays to the same membership.
        Assert.Null(change);
        Assert.Same(before, after);
    }

    [Fact]
    public void Mark_of_a_removed_incarnation_does_not_replace_its_successor()
    {
        var membership = InitialMembership.Joining(A2).Marking(A, MemberStatus.Removed);

        var after = membership.Mark(A, MemberStatus.Joining, out var change);

        Assert.Null(change);
        Assert.Equal(MemberStatus.Joining, after.FindMember(A2)!.Status);
        Assert.False(after.Contains(A));
    }

    [Fact]
    public void Mark_reachability_returns_the_member_only_when_it_changed()
    {
        var node = Unique("System", "4.4.4.4", 1001, 5);
        var membership = new Membership([new Member(node, MemberStatus.Joining)]);

        Assert.Same(membership, membership.Mark(node, MemberReachability.Reachable, out var noChange));
        Assert.Null(noChange);

        membership = membership.Mark(node, MemberReachability.Unreachable, out var changed);
        Assert.Equal(MemberReachability.Unreachable, changed!.Reachability);
        Assert.Equal(MemberReachability.Unreachable, membership.FindMember(node)!.Reachability);

        membership.Mark(node, MemberReachability.Unreachable, out var again);
        Assert.Null(again);

        membership.Mark(D, MemberReachability.Unreachable, out var unknown);
        Assert.Null(unknown);
    }

    // ---- RemoveCompletely -------------------------------------------------------------------------------------------

    [Fact]
    public void RemoveCompletely_drops_the_member_and_reports_a_removal_from_its_status()
    {
        var membership = InitialMembership.RemoveCompletely(B, out var change);

        Assert.False(membership.Contains(B));
        Assert.Equal(2, membership.Count);
        Assert.Equal(MemberStatus.Up, change!.PreviousStatus);
        Assert.Equal(MemberStatus.Removed, change.Status);
        Assert.Equal(B, change.Node);

        Assert.Same(membership, membership.RemoveCompletely(B, out var again));
        Assert.Null(again);
        Assert.Equal(2, InitialMembership.RemovingCompletely(A).Count);
    }

    [Fact]
    public void Removed_leader_is_no_leader_and_does_not_lead_again_after_its_removal_is_forgotten()
    {
        var membership = new Membership([Up(A, 1), Up(B, 2)], leader: A).RemovingCompletely(A);
        Assert.Null(membership.Leader);
        Assert.Equal(membership, membership.Leaderless);

        for (var i = 1; i <= Membership.RemovedNodesRemembered; i++)
        {
            var other = Unique("n", "10.0.0.1", i, (ulong)i);
            membership = membership.Joining(other).RemovingCompletely(other);
        }
        membership = membership.Joining(A);

        Assert.True(membership.Contains(A));
        Assert.Null(membership.Leader);
    }

    private static MembershipChange? Mark(ref Membership membership, UniqueNode node, MemberStatus status)
    {
        membership = membership.Mark(node, status, out var change);
        return change;
    }
}
