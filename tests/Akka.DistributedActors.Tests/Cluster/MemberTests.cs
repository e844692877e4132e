using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class MemberTests
{
    private static readonly MemberStatus[] Lifecycle =
        [MemberStatus.Joining, MemberStatus.Up, MemberStatus.Leaving, MemberStatus.Down, MemberStatus.Removed];

    [Fact]
    public void Statuses_are_ordered_joining_up_leaving_down_removed()
    {
        Assert.Equal(Lifecycle, Enum.GetValues<MemberStatus>());
        for (var i = 0; i < Lifecycle.Length; i++)
        {
            for (var j = 0; j < Lifecycle.Length; j++)
                Assert.Equal(i.CompareTo(j), Lifecycle[i].CompareTo(Lifecycle[j]));
        }
    }

    [Fact]
    public void IsAtLeast_and_IsAtMost_follow_the_lifecycle_order()
    {
        for (var i = 0; i < Lifecycle.Length; i++)
        {
            for (var j = 0; j < Lifecycle.Length; j++)
            {
                Assert.True(Lifecycle[i].IsAtLeast(Lifecycle[j]) == (i >= j), $"{Lifecycle[i]}.IsAtLeast({Lifecycle[j]})");
                Assert.True(Lifecycle[i].IsAtMost(Lifecycle[j]) == (i <= j), $"{Lifecycle[i]}.IsAtMost({Lifecycle[j]})");
            }
        }
    }

    [Fact]
    public void Reachability_has_reachable_and_unreachable()
    {
        Assert.Equal([MemberReachability.Reachable, MemberReachability.Unreachable], Enum.GetValues<MemberReachability>());
    }

    [Fact]
    public void New_member_is_reachable_with_no_up_number_and_no_roles()
    {
        var member = new Member(A, MemberStatus.Joining);

        Assert.Equal(A, member.Node);
        Assert.Equal(MemberStatus.Joining, member.Status);
        Assert.Equal(MemberReachability.Reachable, member.Reachability);
        Assert.True(member.IsReachable);
        Assert.Null(member.UpNumber);
        Assert.Empty(member.Roles);
        Assert.Throws<ArgumentNullException>(() => new Member(null!, MemberStatus.Up));
    }

    [Fact]
    public void Member_keeps_every_field_given()
    {
        var member = new Member(A, MemberStatus.Leaving, MemberReachability.Unreachable, 3, ["backend", "backend", "frontend"]);

        Assert.Equal(MemberStatus.Leaving, member.Status);
        Assert.False(member.IsReachable);
        Assert.Equal(3, member.UpNumber);
        Assert.Equal(["backend", "frontend"], member.Roles.Order());
    }

    [Fact]
    public void Members_are_equal_by_node_only()
    {
        var up = Up(A, 1);
        var downUnreachable = new Member(A, MemberStatus.Down, MemberReachability.Unreachable, 7, ["x"]);

        Assert.Equal(up, downUnreachable);
        Assert.Equal(up.GetHashCode(), downUnreachable.GetHashCode());
        Assert.NotEqual(Up(A, 1), Up(B, 1));
    }

    [Fact]
    public void Members_of_two_incarnations_on_one_endpoint_differ_and_system_names_do_not_matter()
    {
        var one = new Member(Unique("firstA", "1.1.1.1", 1111, 1), MemberStatus.Up);
        var two = new Member(Unique("firstA", "1.1.1.1", 1111, 12222), MemberStatus.Up);
        var three = new Member(Unique("does", "1.1.1.1", 1111, 1), MemberStatus.Up);
        var four = new Member(Unique("not matter", "1.1.1.1", 1111, 12222), MemberStatus.Up);

        Assert.NotEqual(one, two);
        Assert.NotEqual(three, four);
        Assert.Equal(one, three);
        Assert.Equal(two, four);
    }

    [Fact]
    public void AsUnreachable_and_AsReachable_flip_only_the_reachability()
    {
        var member = Up(A, 4);

        var unreachable = member.AsUnreachable;
        Assert.Equal(MemberReachability.Unreachable, unreachable.Reachability);
        Assert.Equal(MemberStatus.Up, unreachable.Status);
        Assert.Equal(4, unreachable.UpNumber);
        Assert.Same(unreachable, unreachable.AsUnreachable);

        var reachable = unreachable.AsReachable;
        Assert.Equal(MemberReachability.Reachable, reachable.Reachability);
        Assert.Same(member, member.AsReachable);
    }

    [Theory]
    [InlineData(MemberStatus.Joining, MemberStatus.Down)]
    [InlineData(MemberStatus.Up, MemberStatus.Down)]
    [InlineData(MemberStatus.Leaving, MemberStatus.Down)]
    [InlineData(MemberStatus.Down, MemberStatus.Down)]
    [InlineData(MemberStatus.Removed, MemberStatus.Removed)]
    public void AsDownIfNotAlready_downs_only_members_not_yet_down(MemberStatus status, MemberStatus expected)
    {
        var member = new Member(A, status, MemberReachability.Unreachable, 2);

        var downed = member.AsDownIfNotAlready;

        Assert.Equal(expected, downed.Status);
        if (status >= MemberStatus.Down) Assert.Same(member, downed);
        // Deviation from Swift, which builds a fresh reachable member without up number: the age and the failure
        // detector's verdict stay true for a downed member.
        Assert.Equal(MemberReachability.Unreachable, downed.Reachability);
        Assert.Equal(2, downed.UpNumber);
    }

    [Fact]
    public void MoveForward_moves_along_the_lifecycle_and_reports_the_previous_status()
    {
        var member = new Member(A, MemberStatus.Joining);

        var toUp = member.MoveForward(MemberStatus.Up)!;
        Assert.Equal(MemberStatus.Joining, toUp.PreviousStatus);
        Assert.Equal(MemberStatus.Up, toUp.Status);
        Assert.Equal(A, toUp.Node);
        Assert.False(toUp.IsReplacement);
        Assert.Equal(MemberStatus.Joining, member.Status);

        var toLeaving = toUp.Member.MoveForward(MemberStatus.Leaving)!;
        Assert.Equal(MemberStatus.Up, toLeaving.PreviousStatus);
        var toDown = toLeaving.Member.MoveForward(MemberStatus.Down)!;
        Assert.Equal(MemberStatus.Leaving, toDown.PreviousStatus);
        var toRemoved = toDown.Member.MoveForward(MemberStatus.Removed)!;
        Assert.Equal(MemberStatus.Down, toRemoved.PreviousStatus);
        Assert.Equal(MemberStatus.Removed, toRemoved.Status);
    }

    [Fact]
    public void MoveForward_never_moves_backwards_or_to_the_same_status()
    {
        foreach (var from in Lifecycle)
        {
            foreach (var to in Lifecycle.Where(to => to <= from))
                Assert.Null(new Member(A, from).MoveForward(to));
        }
    }

    [Fact]
    public void MoveForward_may_skip_statuses_except_into_removed()
    {
        Assert.Equal(MemberStatus.Leaving, new Member(A, MemberStatus.Joining).MoveForward(MemberStatus.Leaving)!.Status);
        Assert.Equal(MemberStatus.Down, new Member(A, MemberStatus.Joining).MoveForward(MemberStatus.Down)!.Status);
        Assert.Equal(MemberStatus.Down, new Member(A, MemberStatus.Up).MoveForward(MemberStatus.Down)!.Status);
    }

    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    public void Removed_is_only_reached_from_down_via_move_forward(MemberStatus status)
    {
        Assert.Null(new Member(A, status).MoveForward(MemberStatus.Removed));
        Assert.NotNull(new Member(A, MemberStatus.Down).MoveForward(MemberStatus.Removed));
    }

    [Fact]
    public void With_replaces_only_the_given_fields()
    {
        var member = new Member(A, MemberStatus.Up, MemberReachability.Unreachable, 5, ["r"]);

        var changed = member.With(status: MemberStatus.Leaving);

        Assert.Equal(MemberStatus.Leaving, changed.Status);
        Assert.Equal(MemberReachability.Unreachable, changed.Reachability);
        Assert.Equal(5, changed.UpNumber);
        Assert.Equal(["r"], changed.Roles);
        Assert.Equal(["q"], member.With(roles: ["q"]).Roles);
        Assert.Equal(9, member.With(upNumber: 9).UpNumber);
        Assert.Equal(MemberStatus.Up, member.Status);
    }

    [Fact]
    public void Age_ordering_puts_the_oldest_first_and_members_not_yet_up_last()
    {
        Member[] members =
        [
            new(A, MemberStatus.Joining),
            Up(B, 1),
            new(C, MemberStatus.Down, MemberReachability.Reachable, 4),
            Up(D, 2),
        ];

        var upNumbers = members.OrderBy(m => m, Member.AgeOrdering).Select(m => m.UpNumber);

        // Swift sorts a nil up number first (as 0); here a member that is not up yet is the youngest.
        Assert.Equal([1, 2, 4, null], upNumbers);
    }

    [Fact]
    public void Age_ordering_breaks_ties_by_address()
    {
        Member[] members = [Up(C, 1), Up(A, 1), new(D, MemberStatus.Joining), new(B, MemberStatus.Joining)];

        var nodes = members.OrderBy(m => m, Member.AgeOrdering).Select(m => m.Node);

        Assert.Equal([A, C, B, D], nodes);
    }

    [Fact]
    public void Lowest_address_ordering_sorts_by_node()
    {
        var lowPort = Unique("z", "1.1.1.1", 999, 9);
        Member[] members = [Up(C, 1), Up(A, 2), new(lowPort, MemberStatus.Joining), Up(B, 3)];

        var nodes = members.OrderBy(m => m, Member.LowestAddressOrdering).Select(m => m.Node);

        Assert.Equal([lowPort, A, B, C], nodes);
    }

    [Fact]
    public void Member_string_shows_node_status_and_reachability()
    {
        Assert.Equal("Member(akka.tcp://nodeA:1@1.1.1.1:1111, status: Up, reachability: Unreachable)", Up(A, 1).AsUnreachable.ToString());
    }
}
