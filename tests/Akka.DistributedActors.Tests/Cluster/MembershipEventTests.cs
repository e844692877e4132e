using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>The event values: <see cref="MembershipChange"/>, <see cref="ReachabilityChange"/>, <see cref="LeadershipChange"/>, <see cref="Snapshot"/>, and <see cref="MembershipError"/>.</summary>
public sealed class MembershipEventTests
{
    [Theory]
    [InlineData(MemberStatus.Joining)]
    [InlineData(MemberStatus.Up)]
    [InlineData(MemberStatus.Leaving)]
    [InlineData(MemberStatus.Down)]
    [InlineData(MemberStatus.Removed)]
    public void Membership_change_flags_follow_its_new_status(MemberStatus status)
    {
        var change = new MembershipChange(new Member(A, status), null);

        Assert.Equal(status, change.Status);
        Assert.Equal(A, change.Node);
        Assert.Equal(status == MemberStatus.Joining, change.IsJoining);
        Assert.Equal(status == MemberStatus.Up, change.IsUp);
        Assert.Equal(status == MemberStatus.Leaving, change.IsLeaving);
        Assert.Equal(status == MemberStatus.Down, change.IsDown);
        Assert.Equal(status == MemberStatus.Removed, change.IsRemoval);
        foreach (var other in Enum.GetValues<MemberStatus>())
            Assert.Equal(status >= other, change.IsAtLeast(other));
    }

    [Fact]
    public void Replacement_change_carries_the_replaced_member_and_its_status_as_previous()
    {
        var existing = new Member(A, MemberStatus.Joining);
        var replacement = Up(A2, 1);

        var change = new MembershipChange(replacement, existing.Status, existing);

        Assert.True(change.IsReplacement);
        Assert.Same(replacement, change.Member);
        Assert.Equal(A2, change.Node);
        Assert.Equal(MemberStatus.Joining, change.PreviousStatus);
        Assert.Equal(MemberStatus.Joining, change.Replaced!.Status);
        Assert.True(change.IsUp);
        Assert.False(new MembershipChange(replacement, null).IsReplacement);
        Assert.Throws<ArgumentNullException>(() => new MembershipChange(null!, null));
    }

    [Fact]
    public void Replaced_member_must_be_another_incarnation_on_the_same_endpoint()
    {
        var onOtherEndpoint = Assert.Throws<ArgumentException>(() => new MembershipChange(Up(A2, 1), MemberStatus.Up, Up(B, 1)));
        var sameIncarnation = Assert.Throws<ArgumentException>(() => new MembershipChange(Up(A2, 1), MemberStatus.Up, Up(A2, 1)));

        Assert.Equal("replaced", onOtherEndpoint.ParamName);
        Assert.Contains(B.ToString(), onOtherEndpoint.Message);
        Assert.Equal("replaced", sameIncarnation.ParamName);
    }

    [Fact]
    public void Membership_changes_are_equal_by_node_previous_status_status_and_replaced_node()
    {
        var change = new MembershipChange(Up(A, 1), MemberStatus.Joining);

        Assert.Equal(change, new MembershipChange(new Member(A, MemberStatus.Up, MemberReachability.Unreachable, 5), MemberStatus.Joining));
        Assert.Equal(change.GetHashCode(), new MembershipChange(Up(A, 2), MemberStatus.Joining).GetHashCode());
        Assert.NotEqual(change, new MembershipChange(Up(A, 1), null));
        Assert.NotEqual(change, new MembershipChange(new Member(A, MemberStatus.Leaving), MemberStatus.Joining));
        Assert.NotEqual(change, new MembershipChange(Up(B, 1), MemberStatus.Joining));
        Assert.NotEqual(change, new MembershipChange(Up(A, 1), MemberStatus.Joining, new Member(A2, MemberStatus.Joining)));
        Assert.Equal(
            new MembershipChange(Up(A2, 1), MemberStatus.Up, Up(A, 1)),
            new MembershipChange(Up(A2, 1), MemberStatus.Up, new Member(A, MemberStatus.Down)));
        Assert.False(change.Equals(null));
    }

    [Fact]
    public void Membership_change_string_pads_statuses_and_names_a_replaced_member()
    {
        Assert.Equal("akka.tcp://nodeA:1@1.1.1.1:1111 :: [Joining] -> [     Up]", new MembershipChange(Up(A, 1), MemberStatus.Joining).ToString());
        Assert.Equal("akka.tcp://nodeA:1@1.1.1.1:1111 :: [unknown] -> [Joining]", new MembershipChange(new Member(A, MemberStatus.Joining), null).ToString());
        Assert.Equal(
            "[replaced:Member(akka.tcp://nodeA:1@1.1.1.1:1111, status: Up, reachability: Reachable)] by " +
            "akka.tcp://nodeA-restarted:11@1.1.1.1:1111 :: [     Up] -> [Joining]",
            new MembershipChange(new Member(A2, MemberStatus.Joining), MemberStatus.Up, Up(A, 1)).ToString());
    }

    [Fact]
    public void Reachability_change_tells_the_direction()
    {
        var toUnreachable = new ReachabilityChange(Up(A, 1).AsUnreachable);
        var toReachable = new ReachabilityChange(Up(A, 1));

        Assert.True(toUnreachable.ToUnreachable);
        Assert.False(toUnreachable.ToReachable);
        Assert.Equal(MemberReachability.Unreachable, toUnreachable.Reachability);
        Assert.True(toReachable.ToReachable);
        Assert.False(toReachable.ToUnreachable);
        Assert.Equal("ReachabilityChange(akka.tcp://nodeA:1@1.1.1.1:1111 -> Unreachable)", toUnreachable.ToString());
        Assert.Throws<ArgumentNullException>(() => new ReachabilityChange(null!));
    }

    [Fact]
    public void Reachability_changes_are_equal_by_node_and_reachability()
    {
        var change = new ReachabilityChange(Up(A, 1).AsUnreachable);

        Assert.Equal(change, new ReachabilityChange(new Member(A, MemberStatus.Down).AsUnreachable));
        Assert.Equal(change.GetHashCode(), new ReachabilityChange(new Member(A, MemberStatus.Down).AsUnreachable).GetHashCode());
        Assert.NotEqual(change, new ReachabilityChange(Up(A, 1)));
        Assert.NotEqual(change, new ReachabilityChange(Up(B, 1).AsUnreachable));
    }

    [Fact]
    public void Leadership_change_needs_two_different_leaders()
    {
        Assert.Throws<ArgumentException>(() => new LeadershipChange(Up(A, 1), new Member(A, MemberStatus.Down)));
        Assert.Throws<ArgumentException>(() => new LeadershipChange(null, null));

        var change = new LeadershipChange(null, Up(A, 1));
        Assert.Null(change.OldLeader);
        Assert.Equal(A, change.NewLeader!.Node);
    }

    [Fact]
    public void Leadership_changes_are_equal_by_old_and_new_leader_nodes()
    {
        var change = new LeadershipChange(Up(A, 1), Up(B, 2));

        Assert.Equal(change, new LeadershipChange(new Member(A, MemberStatus.Down), new Member(B, MemberStatus.Joining)));
        Assert.Equal(change.GetHashCode(), new LeadershipChange(Up(A, 3), Up(B, 4)).GetHashCode());
        Assert.NotEqual(change, new LeadershipChange(Up(B, 2), Up(A, 1)));
        Assert.NotEqual(change, new LeadershipChange(null, Up(B, 2)));
        Assert.Equal("LeadershipChange(akka.tcp://nodeA:1@1.1.1.1:1111 -> none)", new LeadershipChange(Up(A, 1), null).ToString());
    }

    [Fact]
    public void Snapshot_wraps_the_membership()
    {
        var membership = InitialMembership;

        var snapshot = new Snapshot(membership);

        Assert.Same(membership, snapshot.Membership);
        Assert.StartsWith("Snapshot(Membership(count: 3,", snapshot.ToString());
        Assert.Throws<ArgumentNullException>(() => new Snapshot(null!));
    }

    [Fact]
    public void Membership_error_carries_kind_message_and_cause()
    {
        var cause = new TimeoutException("late");

        var error = new MembershipError(MembershipError.ErrorKind.AwaitStatusTimedOut, "node X did not reach Up", cause);

        Assert.Equal(MembershipError.ErrorKind.AwaitStatusTimedOut, error.Kind);
        Assert.Equal("node X did not reach Up", error.Message);
        Assert.Same(cause, error.InnerException);
    }
}
