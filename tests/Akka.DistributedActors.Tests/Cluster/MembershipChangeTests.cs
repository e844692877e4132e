using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary><see cref="Membership.ApplyMembershipChange"/>, replacement of a node by a new incarnation, and <see cref="Membership.Apply"/> of events (swift_api.md §3 and §12 item 30).</summary>
public sealed class MembershipChangeTests
{
    // ---- ApplyMembershipChange --------------------------------------------------------------------------------------

    [Fact]
    public void Change_about_a_new_node_adds_it_and_reports_no_previous_status()
    {
        var membership = InitialMembership.ApplyMembershipChange(new MembershipChange(new Member(D, MemberStatus.Joining), MemberStatus.Up), out var effective);

        Assert.Equal(4, membership.Count);
        Assert.Equal(MemberStatus.Joining, membership.FindMember(D)!.Status);
        Assert.NotNull(effective);
        Assert.Null(effective.PreviousStatus);
        Assert.Equal(MemberStatus.Joining, effective.Status);
        Assert.False(effective.IsReplacement);
    }

    [Fact]
    public void Change_to_a_known_node_moves_it_forward_and_reports_its_previous_status()
    {
        var membership = InitialMembership.ApplyMembershipChange(new MembershipChange(new Member(B, MemberStatus.Leaving), null), out var effective);

        Assert.Equal(MemberStatus.Leaving, membership.FindMember(B)!.Status);
        Assert.Equal(MemberStatus.Up, effective!.PreviousStatus);
        Assert.Equal(MemberStatus.Leaving, effective.Status);
        Assert.Equal(2, effective.Member.UpNumber);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    public void Change_backwards_or_to_the_same_status_is_not_effective(MemberStatus status)
    {
        var before = InitialMembership;

        var after = before.ApplyMembershipChange(new MembershipChange(new Member(A, status), null), out var effective);

        Assert.Null(effective);
        Assert.Same(before, after);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down)]
    public void Removal_drops_a_member_whatever_its_status(MemberStatus status)
    {
        var before = new Membership([new Member(A, status), Up(B, 1)]);

        var after = before.ApplyMembershipChange(new MembershipChange(new Member(A, MemberStatus.Removed), status), out var effective);

        Assert.Null(after.FindMember(A));
        Assert.Single(after);
        Assert.Equal(status, effective!.PreviousStatus);
        Assert.True(effective.IsRemoval);
        Assert.False(effective.IsReplacement);
        Assert.Equal(A, effective.Node);
    }

    [Fact]
    public void Removal_of_an_unknown_node_is_not_effective()
    {
        var before = InitialMembership;

        var after = before.ApplyMembershipChange(new MembershipChange(new Member(D, MemberStatus.Removed), MemberStatus.Down), out var effective);

        Assert.Null(effective);
        Assert.Same(before, after);
    }

    [Theory]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down)]
    public void Unknown_node_first_seen_leaving_or_later_is_ignored(MemberStatus status)
    {
        var before = InitialMembership.RemovingCompletely(C);

        var forRemoved = before.ApplyMembershipChange(new MembershipChange(new Member(C, status), MemberStatus.Up), out var effectiveForRemoved);
        var forNew = before.ApplyMembershipChange(new MembershipChange(new Member(D, status), null), out var effectiveForNew);

        Assert.Null(effectiveForRemoved);
        Assert.Null(effectiveForNew);
        Assert.Same(before, forRemoved);
        Assert.Same(before, forNew);
    }

    [Fact]
    public void Removed_node_never_comes_back()
    {
        var removed = InitialMembership.RemovingCompletely(B);

        var joinedAgain = removed.ApplyMembershipChange(new MembershipChange(new Member(B, MemberStatus.Joining), null), out var effective);

        Assert.Null(effective);
        Assert.False(joinedAgain.Contains(B));
        Assert.Null(removed.Join(B, out var joinChange).FindMember(B));
        Assert.Null(joinChange);
    }

    [Fact]
    public void New_incarnation_of_a_removed_node_joins_normally()
    {
        var membership = InitialMembership.RemovingCompletely(A).Join(A2, out var change);

        Assert.Equal(MemberStatus.Joining, membership.FindMember(A2)!.Status);
        Assert.False(change!.IsReplacement);
    }

    [Fact]
    public void Only_the_most_recent_removed_nodes_are_remembered()
    {
        var membership = Membership.Empty;
        var nodes = Enumerable.Range(1, Membership.RemovedNodesRemembered + 1).Select(i => Unique("n", "10.0.0.1", i, (ulong)i)).ToList();
        foreach (var node in nodes) membership = membership.Joining(node).RemovingCompletely(node);

        Assert.True(membership.Joining(nodes[0]).Contains(nodes[0]), "the oldest removal is forgotten");
        Assert.False(membership.Joining(nodes[1]).Contains(nodes[1]), "the later removals are remembered");
        Assert.False(membership.Joining(nodes[^1]).Contains(nodes[^1]));
    }

    [Fact]
    public void New_up_member_gets_the_next_up_number_and_keeps_it()
    {
        var membership = InitialMembership
            .ApplyMembershipChange(new MembershipChange(new Member(D, MemberStatus.Joining), null), out var joined)
            .ApplyMembershipChange(new MembershipChange(new Member(D, MemberStatus.Up), null), out var up)
            .ApplyMembershipChange(new MembershipChange(new Member(D, MemberStatus.Leaving), null), out var leaving);

        Assert.Null(joined!.Member.UpNumber);
        Assert.Equal(4, up!.Member.UpNumber);
        Assert.Equal(4, leaving!.Member.UpNumber);
        Assert.Equal(4, membership.FindMember(D)!.UpNumber);
        Assert.Equal(D, membership.YoungestMember()!.Node);
    }

    [Fact]
    public void Up_number_given_by_the_change_is_kept()
    {
        var membership = InitialMembership.ApplyMembershipChange(
            new MembershipChange(new Member(D, MemberStatus.Up, MemberReachability.Reachable, 42), null), out _);

        Assert.Equal(42, membership.FindMember(D)!.UpNumber);
    }

    [Fact]
    public void Change_to_a_known_node_keeps_its_reachability_and_takes_new_roles_only_when_given()
    {
        var membership = new Membership([new Member(A, MemberStatus.Joining, MemberReachability.Unreachable, null, ["backend"])]);

        var withoutRoles = membership.ApplyMembershipChange(new MembershipChange(new Member(A, MemberStatus.Up), null), out _);
        var withRoles = membership.ApplyMembershipChange(
            new MembershipChange(new Member(A, MemberStatus.Up, MemberReachability.Reachable, null, ["frontend"]), null), out _);

        Assert.Equal(MemberReachability.Unreachable, withoutRoles.FindMember(A)!.Reachability);
        Assert.Equal(["backend"], withoutRoles.FindMember(A)!.Roles);
        Assert.Equal(["frontend"], withRoles.FindMember(A)!.Roles);
        Assert.Equal(MemberReachability.Unreachable, withRoles.FindMember(A)!.Reachability);
    }

    // ---- replacement ------------------------------------------------------------------------------------------------

    [Fact]
    public void New_incarnation_on_a_known_endpoint_replaces_the_old_one_which_goes_down_and_stays()
    {
        var replacement = Up(A2, 10);

        var membership = InitialMembership.ApplyMembershipChange(new MembershipChange(replacement, null), out var change);

        Assert.NotNull(change);
        Assert.True(change.IsReplacement);
        Assert.Equal(A, change.Replaced!.Node);
        Assert.Equal(MemberStatus.Up, change.Replaced.Status);
        Assert.Equal(MemberStatus.Up, change.PreviousStatus);
        Assert.Equal(A2, change.Node);
        Assert.Equal(MemberStatus.Up, change.Status);

        // Deviation from Swift, which removes an already-down predecessor: the old incarnation is kept as Down until its
        // own removal, so that every subscriber also sees that removal.
        Assert.Equal(4, membership.Count);
        Assert.Equal(MemberStatus.Down, membership.FindMember(A)!.Status);
        Assert.Equal(MemberStatus.Up, membership.FindMember(A2)!.Status);
        Assert.Equal(1, membership.CountAtLeast(MemberStatus.Down));
    }

    [Fact]
    public void Replacement_of_a_joining_member_reports_joining_as_previous_status()
    {
        var membership = new Membership([new Member(A, MemberStatus.Joining)]);

        membership.ApplyMembershipChange(new MembershipChange(new Member(A2, MemberStatus.Joining), null), out var change);

        Assert.Equal(MemberStatus.Joining, change!.PreviousStatus);
        Assert.Equal(MemberStatus.Joining, change.Replaced!.Status);
        Assert.True(change.IsJoining);
    }

    [Fact]
    public void Replacement_of_an_already_down_incarnation_keeps_it_down()
    {
        var membership = InitialMembership.Marking(A, MemberStatus.Down);

        var next = membership.Join(A2, out var change);

        Assert.True(change!.IsReplacement);
        Assert.Equal(MemberStatus.Down, change.PreviousStatus);
        Assert.Equal(MemberStatus.Down, next.FindMember(A)!.Status);
        Assert.Equal(4, next.Count);
    }

    [Fact]
    public void Replacement_replaces_the_least_progressed_incarnation()
    {
        var membership = InitialMembership.Joining(A2).Joining(A3);

        Assert.Equal(MemberStatus.Down, membership.FindMember(A)!.Status);
        Assert.Equal(MemberStatus.Down, membership.FindMember(A2)!.Status);
        Assert.Equal(MemberStatus.Joining, membership.FindMember(A3)!.Status);
        Assert.Equal(A3, membership.AnyMember(A.Node)!.Node);
    }

    [Fact]
    public void Replaced_member_carried_by_the_change_is_reported_when_the_old_incarnation_is_already_gone()
    {
        // The translator's case: Akka removes the old incarnation before its replacement joins.
        var oldA = new Member(A, MemberStatus.Down);
        var membership = InitialMembership.RemovingCompletely(A);

        membership.ApplyMembershipChange(new MembershipChange(new Member(A2, MemberStatus.Joining), null, oldA), out var change);

        Assert.True(change!.IsReplacement);
        Assert.Equal(A, change.Replaced!.Node);
        Assert.Equal(MemberStatus.Down, change.PreviousStatus);
    }

    [Fact]
    public void Unknown_incarnation_leaving_or_later_does_not_replace_the_live_one()
    {
        var before = InitialMembership;

        var after = before.ApplyMembershipChange(new MembershipChange(new Member(A2, MemberStatus.Down), null), out var effective);

        Assert.Null(effective);
        Assert.Equal(MemberStatus.Up, after.FindMember(A)!.Status);
    }

    // ---- Apply(Event) -----------------------------------------------------------------------------------------------

    [Fact]
    public void Apply_dispatches_every_kind_of_event()
    {
        var snapshot = new Membership([Up(A, 1), Up(B, 2)]);

        var membership = InitialMembership.Apply(new Snapshot(snapshot));
        Assert.Same(snapshot, membership);

        membership = membership.Apply(new MembershipChange(new Member(D, MemberStatus.Joining), null));
        Assert.Equal(MemberStatus.Joining, membership.FindMember(D)!.Status);

        membership = membership.Apply(new ReachabilityChange(Up(B, 2).AsUnreachable));
        Assert.False(membership.FindMember(B)!.IsReachable);

        membership = membership.Apply(new LeadershipChange(null, Up(A, 1)));
        Assert.True(membership.IsLeader(A));

        membership = membership.Apply(new LeadershipChange(Up(A, 1), null));
        Assert.Null(membership.Leader);

        Assert.Equal("e", Assert.Throws<ArgumentNullException>(() => membership.Apply(null!)).ParamName);
        Assert.Throws<ArgumentNullException>(() => membership.ApplyMembershipChange(null!, out _));
        Assert.Throws<ArgumentNullException>(() => membership.ApplyReachabilityChange(null!, out _));
    }
}
