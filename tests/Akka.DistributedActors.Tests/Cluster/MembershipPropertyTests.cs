using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Akka.DistributedActors.Cluster;
using ClusterEvent = Akka.DistributedActors.Cluster.Event;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>
/// Properties of <see cref="Membership"/> over random operation sequences (<see cref="MembershipArbitraries"/>), each run
/// from <see cref="Membership.Empty"/>. The event translator and every subscriber rely on them: a subscriber that applies the
/// published (effective) changes to its snapshot holds exactly the translator's membership.
/// </summary>
public sealed class MembershipPropertyTests
{
    private const int Runs = 200;

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void Statuses_never_move_backwards_and_removed_nodes_never_return(MembershipStep[] steps)
    {
        var membership = Membership.Empty;
        var removed = new HashSet<UniqueNode>();
        foreach (var step in steps)
        {
            var next = step.Run(membership, out var effective);
            foreach (var before in membership)
            {
                var after = next.FindMember(before.Node);
                if (after is null)
                {
                    if (effective is not MembershipChange { IsRemoval: true } c || !c.Node.Equals(before.Node))
                        Assert.Fail($"{before} vanished but {step} reported {effective?.ToString() ?? "no change"}");
                    removed.Add(before.Node);
                    continue;
                }
                if (after.Status < before.Status)
                    Assert.Fail($"{step} moved {before} back to {after.Status}");
                if (before.UpNumber is not null && after.UpNumber != before.UpNumber)
                    Assert.Fail($"{step} changed the age of {before} from {before.UpNumber} to {after.UpNumber}");
            }
            foreach (var member in next.Where(m => removed.Contains(m.Node)))
                Assert.Fail($"{step} brought back removed {member}");
            membership = next;
        }
    }

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void Effective_changes_replayed_on_the_previous_membership_give_the_next_one(MembershipStep[] steps)
    {
        var membership = Membership.Empty;
        var replayed = Membership.Empty;
        foreach (var step in steps)
        {
            var next = step.Run(membership, out var effective);
            if (effective is not null)
            {
                AssertSameState(next, membership.Apply(effective), () => $"replaying {effective} of {step}");
                replayed = replayed.Apply(effective);

                ApplyReporting(next, effective, out var again);
                if (again is not null)
                    Assert.Fail($"{effective} of {step} was effective again: {again}");
            }
            AssertSameState(next, replayed, () => $"replaying every effective change up to {step}");
            membership = next;
        }
    }

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void A_change_is_reported_exactly_when_the_membership_changed(MembershipStep[] steps)
    {
        var membership = Membership.Empty;
        foreach (var step in steps)
        {
            var next = step.Run(membership, out var effective);
            if (effective is null)
                AssertSameState(membership, next, () => $"{step} reported no change");
            else if (next.Equals(membership))
                Assert.Fail($"{step} reported {effective} but the membership did not change");
            membership = next;
        }
    }

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void Reachability_changes_never_change_statuses(MembershipStep[] steps)
    {
        var membership = Membership.Empty;
        foreach (var step in steps)
        {
            var next = step.Run(membership, out _);
            var target = step switch
            {
                MembershipStep.ApplyReachability r => r.Change.Member.Node,
                MembershipStep.MarkReachability r => r.Node,
                _ => null,
            };
            if (target is not null)
            {
                Assert.Equal(membership.Leader?.Node, next.Leader?.Node);
                Assert.Equal(membership.Select(m => (m.Node, m.Status, m.UpNumber)), next.Select(m => (m.Node, m.Status, m.UpNumber)));
                var othersBefore = membership.Where(m => !m.Node.Equals(target)).Select(m => m.Reachability);
                Assert.Equal(othersBefore, next.Where(m => !m.Node.Equals(target)).Select(m => m.Reachability));
            }
            membership = next;
        }
    }

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void Leadership_change_to_a_member_succeeds_and_only_members_can_lead(MembershipStep[] steps)
    {
        var membership = steps.Aggregate(Membership.Empty, (m, step) => step.Run(m, out _));

        foreach (var member in membership)
        {
            var led = membership.ApplyLeadershipChange(member, out var change);

            Assert.Equal(member.Node, led.Leader?.Node);
            Assert.Equal(membership.Leaderless, led.Leaderless);
            if (membership.IsLeader(member))
            {
                Assert.Null(change);
            }
            else
            {
                Assert.NotNull(change);
                Assert.Equal(membership.Leader?.Node, change.OldLeader?.Node);
                Assert.Equal(member.Node, change.NewLeader?.Node);
            }
        }

        foreach (var node in MembershipArbitraries.Pool.Where(n => !membership.Contains(n) && membership.Count > 0))
        {
            var error = Assert.Throws<MembershipError>(() => membership.ApplyLeadershipChange(new Member(node, MemberStatus.Up), out _));
            Assert.Equal(MembershipError.ErrorKind.NonMemberLeaderSelected, error.Kind);
        }
    }

    [Property(Arbitrary = new[] { typeof(MembershipArbitraries) }, MaxTest = Runs)]
    public void An_endpoint_has_at_most_one_incarnation_that_is_not_down(MembershipStep[] steps)
    {
        var membership = Membership.Empty;
        foreach (var step in steps)
        {
            membership = step.Run(membership, out _);
            var live = membership.MembersAtMost(MemberStatus.Leaving).GroupBy(m => m.Node.Node).FirstOrDefault(g => g.Count() > 1);
            if (live is not null)
                Assert.Fail($"after {step}: {string.Join(", ", live)} are all alive on one endpoint");
        }
    }

    [Fact]
    public void Generated_sequences_exercise_replacements_removals_rejections_and_leadership()
    {
        // Guards the properties above against a generator that never reaches the interesting cases.
        var seen = new Dictionary<string, int>();
        void Count(string what) => seen[what] = seen.GetValueOrDefault(what) + 1;

        foreach (var steps in MembershipArbitraries.Steps.Sample(50, new Rnd(20261127), 100))
        {
            var membership = Membership.Empty;
            var removed = new HashSet<UniqueNode>();
            foreach (var step in steps)
            {
                var next = step.Run(membership, out var effective);
                switch (effective)
                {
                    case MembershipChange { IsReplacement: true }: Count("replacement"); break;
                    case MembershipChange { IsRemoval: true } c: Count("removal"); removed.Add(c.Node); break;
                    case MembershipChange { IsUp: true }: Count("up"); break;
                    case ReachabilityChange: Count("reachability"); break;
                    case LeadershipChange { NewLeader: null }: Count("leader cleared"); break;
                    case LeadershipChange: Count("leader elected"); break;
                    case null when step is MembershipStep.Lead { Leader: not null } l && !membership.Contains(l.Leader.Node): Count("non-member leader rejected"); break;
                    case null when step is MembershipStep.ApplyChange { Change.Status: < MemberStatus.Leaving } a && removed.Contains(a.Change.Node): Count("removed node rejected"); break;
                }
                membership = next;
            }
        }

        Assert.All(
            new[] { "replacement", "removal", "up", "reachability", "leader cleared", "leader elected", "non-member leader rejected", "removed node rejected" },
            what => Assert.True(seen.GetValueOrDefault(what) >= 10, $"only {seen.GetValueOrDefault(what)} x {what} in 100 sequences"));
    }

    private static Membership ApplyReporting(Membership membership, ClusterEvent e, out ClusterEvent? effective)
    {
        switch (e)
        {
            case MembershipChange c:
                membership = membership.ApplyMembershipChange(c, out var change);
                effective = change;
                return membership;
            case ReachabilityChange r:
                membership = membership.ApplyReachabilityChange(r, out var reachability);
                effective = reachability;
                return membership;
            case LeadershipChange l:
                membership = membership.ApplyLeadershipChange(l, out var leadership);
                effective = leadership;
                return membership;
            default:
                throw new ArgumentException($"Unexpected effective change {e}.", nameof(e));
        }
    }

    /// <summary>Equal by <see cref="Membership.Equals(Membership?)"/> and also in up numbers and roles, which equality ignores.</summary>
    private static void AssertSameState(Membership expected, Membership actual, Func<string> context)
    {
        if (!expected.Equals(actual) || expected.GetHashCode() != actual.GetHashCode() || !SameAgesAndRoles(expected, actual))
            Assert.Fail($"{context()}: expected {Describe(expected)} but got {Describe(actual)}");
    }

    private static bool SameAgesAndRoles(Membership expected, Membership actual) =>
        expected.Zip(actual).All(p => p.First.Node.Equals(p.Second.Node) && p.First.UpNumber == p.Second.UpNumber && p.First.Roles.SetEquals(p.Second.Roles));

    private static string Describe(Membership membership) =>
        $"leader {membership.Leader?.Node.ToString() ?? "none"}; " +
        string.Join("; ", membership.Select(m => $"{m.Node} {m.Status} {m.Reachability} up#{m.UpNumber} roles [{string.Join(",", m.Roles.Order())}]"));
}
