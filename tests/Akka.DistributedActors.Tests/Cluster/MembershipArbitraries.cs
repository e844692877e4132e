using FsCheck;
using FsCheck.Fluent;
using static Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>
/// FsCheck generators of membership operation sequences over a small pool of nodes, so that the same nodes come up again
/// and again: three endpoints (two on one host), three incarnations each (same endpoint, new Nid, sometimes another system
/// name or host spelling), and Nid 1 on every endpoint (same Nid, different port).
/// </summary>
public static class MembershipArbitraries
{
    public static readonly IReadOnlyList<UniqueNode> Pool =
    [
        TestNodes.Unique("first", "10.0.0.1", 2551, 1), TestNodes.Unique("first", "10.0.0.1", 2551, 2), TestNodes.Unique("first-restarted", "10.0.0.1", 2551, 3),
        TestNodes.Unique("second", "10.0.0.1", 2552, 1), TestNodes.Unique("second", "10.0.0.1", 2552, 4), TestNodes.Unique("second", "10.0.0.1", 2552, 5),
        TestNodes.Unique("third", "node-c.local", 2551, 1), TestNodes.Unique("third", "NODE-C.local", 2551, 6), TestNodes.Unique("third-restarted", "node-c.local", 2551, 7),
    ];

    private static readonly Gen<UniqueNode> AnyNode = Gen.Elements<UniqueNode>(Pool);

    private static readonly Gen<MemberStatus> AnyStatus = Gen.Elements(Enum.GetValues<MemberStatus>());

    // Mostly forward-moving statuses, so that memberships grow before they shrink.
    private static readonly Gen<MemberStatus> ChangeStatus = Gen.Frequency(
        (3, Gen.Constant(MemberStatus.Joining)), (3, Gen.Constant(MemberStatus.Up)), (1, Gen.Constant(MemberStatus.Leaving)),
        (2, Gen.Constant(MemberStatus.Down)), (2, Gen.Constant(MemberStatus.Removed)));

    private static readonly Gen<MemberReachability> AnyReachability = Gen.Elements(Enum.GetValues<MemberReachability>());

    private static readonly Gen<int?> AnyUpNumber = Gen.Frequency((3, Gen.Constant<int?>(null)), (1, Gen.Choose(1, 5).Select(n => (int?)n)));

    private static readonly Gen<string[]> AnyRoles = Gen.Elements<string[]>([], ["backend"], ["frontend", "backend"]);

    private static Gen<Member> MemberWith(Gen<MemberStatus> status) =>
        from node in AnyNode
        from s in status
        from reachability in AnyReachability
        from upNumber in AnyUpNumber
        from roles in AnyRoles
        select new Member(node, s, reachability, upNumber, roles);

    private static Gen<Member?> OtherIncarnation(UniqueNode node) =>
        from other in Gen.Elements(Pool.Where(n => n.Node.Equals(node.Node) && !n.Equals(node)))
        from status in AnyStatus
        select (Member?)new Member(other, status);

    private static readonly Gen<MembershipStep> ApplyChangeStep =
        from member in MemberWith(ChangeStatus)
        from previous in Gen.Frequency((2, Gen.Constant<MemberStatus?>(null)), (1, AnyStatus.Select(s => (MemberStatus?)s)))
        from replaced in Gen.Frequency((4, Gen.Constant<Member?>(null)), (1, OtherIncarnation(member.Node)))
        select (MembershipStep)new MembershipStep.ApplyChange(new MembershipChange(member, previous, replaced));

    /// <summary>Any single operation, weighted towards status changes.</summary>
    public static readonly Gen<MembershipStep> Step = Gen.Frequency(
        (6, ApplyChangeStep),
        (2, AnyNode.Select(n => (MembershipStep)new MembershipStep.Join(n))),
        (2, from n in AnyNode from s in AnyStatus select (MembershipStep)new MembershipStep.Mark(n, s)),
        (2, from n in AnyNode from r in AnyReachability select (MembershipStep)new MembershipStep.MarkReachability(n, r)),
        (3, MemberWith(AnyStatus).Select(m => (MembershipStep)new MembershipStep.ApplyReachability(new ReachabilityChange(m)))),
        (1, AnyNode.Select(n => (MembershipStep)new MembershipStep.Remove(n))),
        (2, Gen.Frequency((4, MemberWith(AnyStatus).Select(m => (Member?)m)), (1, Gen.Constant<Member?>(null)))
            .Select(m => (MembershipStep)new MembershipStep.Lead(m))));

    /// <summary>Sequences of up to (size) operations, applied from <see cref="Membership.Empty"/>.</summary>
    public static readonly Gen<MembershipStep[]> Steps = Gen.ArrayOf(Step);

    /// <summary>The arbitrary FsCheck uses for <c>MembershipStep[]</c> parameters; shrinks by dropping steps.</summary>
    public static Arbitrary<MembershipStep[]> StepSequences() => Arb.From(Steps, ShrinkSteps);

    private static IEnumerable<MembershipStep[]> ShrinkSteps(MembershipStep[] steps)
    {
        if (steps.Length > 1)
        {
            yield return steps[..(steps.Length / 2)];
            yield return steps[(steps.Length / 2)..];
        }
        for (var i = 0; i < steps.Length; i++)
            yield return [.. steps[..i], .. steps[(i + 1)..]];
    }
}
