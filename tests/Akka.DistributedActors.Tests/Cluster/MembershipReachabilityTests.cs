using static Akka.DistributedActors.Cluster;
using static Akka.DistributedActors.Tests.TestNodes;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary><see cref="Membership.ApplyReachabilityChange"/> (swift_api.md §3).</summary>
public sealed class MembershipReachabilityTests
{
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
}
