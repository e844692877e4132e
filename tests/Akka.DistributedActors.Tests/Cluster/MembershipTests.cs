using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.Cluster.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>The rules of <see cref="Membership"/> (swift_api.md §3 and §12 item 30), one behaviour per test.</summary>
public sealed class MembershipTests
{
    // ---- construction and lookups -----------------------------------------------------------------------------------

    [Fact]
    public void Empty_membership_has_no_members_and_no_leader()
    {
        Assert.Empty(Membership.Empty);
        Assert.Null(Membership.Empty.Leader);
        Assert.Null(Membership.Empty.YoungestMember());
        Assert.Null(Membership.Empty.OldestMember());
    }

    [Fact]
    public void Constructed_membership_keeps_the_last_member_given_for_a_node()
    {
        var membership = new Membership([new Member(A, MemberStatus.Joining), Up(B, 1), Up(A, 2)]);

        Assert.Equal(2, membership.Count);
        Assert.Equal(MemberStatus.Up, membership.FindMember(A)!.Status);
    }

    [Fact]
    public void FindMember_finds_only_the_exact_incarnation()
    {
        var membership = InitialMembership;

        Assert.Equal(A, membership.FindMember(A)!.Node);
        Assert.True(membership.Contains(A));
        Assert.Null(membership.FindMember(A2));
        Assert.False(membership.Contains(A2));
        Assert.Null(membership.FindMember(D));
    }

    [Fact]
    public void AnyMember_finds_the_least_progressed_incarnation_on_an_endpoint()
    {
        var membership = new Membership([new Member(A, MemberStatus.Down), new Member(A2, MemberStatus.Joining), Up(B, 1)]);

        Assert.Equal(A2, membership.AnyMember(A.Node)!.Node);
        Assert.Equal(A2, membership.AnyMember(new Node("another system name", "1.1.1.1", 1111))!.Node);
        Assert.Equal(A, new Membership([new Member(A, MemberStatus.Up), new Member(A2, MemberStatus.Leaving)]).AnyMember(A.Node)!.Node);
        Assert.Null(membership.AnyMember(D.Node));
    }

    [Fact]
    public void MemberByNid_finds_the_member_with_that_nid()
    {
        var membership = InitialMembership;

        Assert.Equal(B, membership.MemberByNid(B.Nid)!.Node);
        Assert.Null(membership.MemberByNid(999));
    }

    [Fact]
    public void Oldest_member_has_the_lowest_up_number_and_youngest_the_highest()
    {
        var membership = new Membership([Up(A, 3), Up(B, 1), new Member(C, MemberStatus.Down, MemberReachability.Reachable, 7)]);

        Assert.Equal(B, membership.OldestMember()!.Node);
        Assert.Equal(C, membership.YoungestMember()!.Node);
    }

    [Fact]
    public void Members_not_yet_up_are_the_youngest_and_never_the_oldest_unless_alone()
    {
        var membership = new Membership([new Member(D, MemberStatus.Joining), Up(A, 3), Up(B, 1)]);

        // Deviation from Swift, whose ageOrdering treats a missing up number as 0 (so a joining member is the "oldest").
        Assert.Equal(D, membership.YoungestMember()!.Node);
        Assert.Equal(B, membership.OldestMember()!.Node);
        Assert.Equal(D, new Membership([new Member(D, MemberStatus.Joining)]).OldestMember()!.Node);
    }

    [Fact]
    public void Counts_by_status_at_least_at_most_and_exactly()
    {
        var membership = InitialMembership.Marking(A, MemberStatus.Down);

        Assert.Equal(3, membership.Count);
        Assert.Equal(3, membership.CountAtLeast(MemberStatus.Joining));
        Assert.Equal(3, membership.CountAtLeast(MemberStatus.Up));
        Assert.Equal(1, membership.CountAtLeast(MemberStatus.Leaving));
        Assert.Equal(1, membership.CountAtLeast(MemberStatus.Down));
        Assert.Equal(0, membership.CountAtLeast(MemberStatus.Removed));

        Assert.Equal(0, membership.CountAtMost(MemberStatus.Joining));
        Assert.Equal(2, membership.CountAtMost(MemberStatus.Up));
        Assert.Equal(2, membership.CountAtMost(MemberStatus.Leaving));
        Assert.Equal(3, membership.CountAtMost(MemberStatus.Down));
        Assert.Equal(3, membership.CountAtMost(MemberStatus.Removed));

        Assert.Equal(0, membership.CountWithStatus(MemberStatus.Joining));
        Assert.Equal(2, membership.CountWithStatus(MemberStatus.Up));
        Assert.Equal(1, membership.CountWithStatus(MemberStatus.Down));
        Assert.Equal(0, membership.CountWithStatus(MemberStatus.Removed));
    }

    [Fact]
    public void Member_listings_filter_by_status_and_optionally_by_reachability()
    {
        var membership = InitialMembership.Marking(A, MemberStatus.Down)
            .Mark(A, MemberReachability.Unreachable, out _)
            .Mark(B, MemberReachability.Unreachable, out _);

        // The numbers of Swift's test_members_listing_filteringByReachability: A down+unreachable, B up+unreachable, C up+reachable.
        Assert.Empty(membership.MembersWithStatus(MemberStatus.Joining));
        Assert.Equal([B, C], membership.MembersWithStatus(MemberStatus.Up).Select(m => m.Node));
        Assert.Equal([A], membership.MembersWithStatus(MemberStatus.Down).Select(m => m.Node));
        Assert.Empty(membership.MembersWithStatus(MemberStatus.Leaving));
        Assert.Empty(membership.MembersWithStatus(MemberStatus.Removed));

        Assert.Equal([C], membership.MembersWithStatus(MemberStatus.Up, MemberReachability.Reachable).Select(m => m.Node));
        Assert.Empty(membership.MembersWithStatus(MemberStatus.Down, MemberReachability.Reachable));
        Assert.Equal([B], membership.MembersWithStatus(MemberStatus.Up, MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Equal([A], membership.MembersWithStatus(MemberStatus.Down, MemberReachability.Unreachable).Select(m => m.Node));

        Assert.Single(membership.MembersAtLeast(MemberStatus.Joining, MemberReachability.Reachable));
        Assert.Single(membership.MembersAtLeast(MemberStatus.Up, MemberReachability.Reachable));
        Assert.Empty(membership.MembersAtLeast(MemberStatus.Leaving, MemberReachability.Reachable));
        Assert.Equal([A, B], membership.MembersAtLeast(MemberStatus.Joining, MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Equal([A], membership.MembersAtLeast(MemberStatus.Leaving, MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Equal([A], membership.MembersAtLeast(MemberStatus.Down, MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Empty(membership.MembersAtLeast(MemberStatus.Removed));
        Assert.Equal(3, membership.MembersAtLeast(MemberStatus.Joining).Count);

        Assert.Equal([B, C], membership.MembersAtMost(MemberStatus.Up).Select(m => m.Node));
        Assert.Equal([B], membership.MembersAtMost(MemberStatus.Leaving, MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Equal(3, membership.MembersAtMost(MemberStatus.Removed).Count);
        Assert.Empty(membership.MembersAtMost(MemberStatus.Joining));
    }

    [Fact]
    public void Member_listing_by_a_set_of_statuses_returns_members_with_any_of_them()
    {
        var membership = new Membership([new Member(A, MemberStatus.Joining), Up(B, 1), new Member(C, MemberStatus.Leaving).AsUnreachable, new Member(D, MemberStatus.Down)]);

        Assert.Equal([A, C], membership.MembersWithStatus([MemberStatus.Joining, MemberStatus.Leaving]).Select(m => m.Node));
        Assert.Equal([C], membership.MembersWithStatus([MemberStatus.Joining, MemberStatus.Leaving], MemberReachability.Unreachable).Select(m => m.Node));
        Assert.Empty(membership.MembersWithStatus([]));
    }

    [Fact]
    public void Listings_and_enumeration_are_in_lowest_address_order()
    {
        var lowPort = Unique("z", "1.1.1.1", 999, 9);
        var membership = new Membership([Up(C, 1), Up(A, 2), Up(lowPort, 3), Up(B, 4)]);

        Assert.Equal([lowPort, A, B, C], membership.Select(m => m.Node));
        Assert.Equal([lowPort, A, B, C], membership.MembersAtLeast(MemberStatus.Up).Select(m => m.Node));
    }

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

    // ---- Join ---------------------------------------------------------------------------------------------------------

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

    // ---- Mark ---------------------------------------------------------------------------------------------------------

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

    // ---- reachability -------------------------------------------------------------------------------------------------

    [Fact]
    public void Reachability_change_is_effective_only_when_reachability_differs()
    {
        var before = InitialMembership;

        var after = before.ApplyReachabilityChange(new ReachabilityChange(new Member(B, MemberStatus.Joining).AsUnreachable), out var effective);

        Assert.NotNull(effective);
        Assert.True(effective.ToUnreachable);
        Assert.Equal(MemberStatus.Up, effective.Member.Status);
        Assert.Equal(2, effective.Member.UpNumber);
        Assert.Equal(MemberStatus.Up, after.FindMember(B)!.Status);
        Assert.False(after.FindMember(B)!.IsReachable);

        Assert.Same(after, after.ApplyReachabilityChange(new ReachabilityChange(Up(B, 2).AsUnreachable), out var repeated));
        Assert.Null(repeated);

        after.ApplyReachabilityChange(new ReachabilityChange(Up(B, 2)), out var back);
        Assert.True(back!.ToReachable);
    }

    [Fact]
    public void Reachability_change_of_a_non_member_is_not_effective()
    {
        var before = InitialMembership;

        var after = before.ApplyReachabilityChange(new ReachabilityChange(Up(A2, 1).AsUnreachable), out var effective);

        Assert.Null(effective);
        Assert.Same(before, after);
    }

    [Fact]
    public void Down_member_may_still_be_reachable_and_change_reachability()
    {
        var membership = InitialMembership.Marking(A, MemberStatus.Down);

        Assert.True(membership.FindMember(A)!.IsReachable);
        membership = membership.ApplyReachabilityChange(new ReachabilityChange(new Member(A, MemberStatus.Down).AsUnreachable), out var effective);
        Assert.NotNull(effective);
        Assert.Equal(MemberStatus.Down, membership.FindMember(A)!.Status);
    }

    // ---- RemoveCompletely ---------------------------------------------------------------------------------------------

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

    // ---- leadership ---------------------------------------------------------------------------------------------------

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

    // ---- Apply(Event) -------------------------------------------------------------------------------------------------

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

    // ---- equality -----------------------------------------------------------------------------------------------------

    [Fact]
    public void Memberships_differ_when_any_member_status_differs()
    {
        var left = new Membership([Up(A, 1), Up(B, 1), Up(C, 1)]);
        var right = new Membership([Up(A, 1), new Member(B, MemberStatus.Down, MemberReachability.Reachable, 1), Up(C, 1)]);

        Assert.NotEqual(left, right);
        Assert.NotEqual(right, left);
    }

    [Fact]
    public void Memberships_are_equal_by_leader_and_each_member_node_status_and_reachability_but_not_up_number_or_roles()
    {
        var left = new Membership([Up(A, 1), Up(B, 2)], leader: A);
        var right = new Membership([new Member(B, MemberStatus.Up, MemberReachability.Reachable, 7, ["x"]), Up(A, 9)], leader: A);

        Assert.Equal(left, right);
        Assert.True(left.Equals((object)right));
        Assert.Equal(left.GetHashCode(), right.GetHashCode());

        Assert.NotEqual(left, left.Leaderless);
        Assert.NotEqual(left, new Membership([Up(A, 1), Up(B, 2)], leader: B));
        Assert.NotEqual(left, left.Mark(B, MemberReachability.Unreachable, out _));
        Assert.NotEqual(left, new Membership([Up(A, 1), Up(B, 2), Up(C, 3)], leader: A));
        Assert.NotEqual(left, new Membership([Up(A, 1), Up(Unique("nodeB", "2.2.2.2", 2222, 22), 2)], leader: A));
        Assert.False(left.Equals(null));
    }

    [Fact]
    public void Memberships_with_a_dangling_leader_equal_leaderless_ones()
    {
        Assert.Equal(new Membership([Up(A, 1)]), new Membership([Up(A, 1)], leader: D));
    }

    [Fact]
    public void Membership_string_shows_count_leader_and_members()
    {
        var membership = new Membership([Up(B, 2), Up(A, 1)], leader: A);

        Assert.Equal(
            "Membership(count: 2, leader: akka.tcp://nodeA:1@1.1.1.1:1111, members: [" +
            "Member(akka.tcp://nodeA:1@1.1.1.1:1111, status: Up, reachability: Reachable), " +
            "Member(akka.tcp://nodeB:2@2.2.2.2:2222, status: Up, reachability: Reachable)])",
            membership.ToString());
        Assert.Equal("Membership(count: 0, leader: none, members: [])", Membership.Empty.ToString());
    }

    private static MembershipChange? Mark(ref Membership membership, UniqueNode node, MemberStatus status)
    {
        membership = membership.Mark(node, status, out var change);
        return change;
    }
}
