using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>Building a <see cref="Membership"/>, finding and counting its members, equality and text (swift_api.md §3).</summary>
public sealed class MembershipLookupTests
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

    // ---- equality ---------------------------------------------------------------------------------------------------

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
}
