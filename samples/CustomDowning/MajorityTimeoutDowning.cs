using Akka.DistributedActors;
using static Akka.DistributedActors.DowningDirectives;

namespace CustomDowning;

/// <summary>
/// Downs members that stay unreachable for <c>after</c>, but only from the side of a partition that still sees a majority of
/// the members; a node on a minority side downs itself instead, so the two sides never both survive.
/// </summary>
public sealed class MajorityTimeoutDowning(UniqueNode self, TimeSpan after) : IDowningStrategy
{
    private Cluster.Membership _membership = Cluster.Membership.Empty;

    public DowningStrategyDirective OnClusterEvent(Cluster.Event e)
    {
        _membership = _membership.Apply(e);   // Snapshot first, then every change: always the current view
        return e switch
        {
            Cluster.ReachabilityChange { ToUnreachable: true } r => StartTimer(r.Member, after),
            Cluster.ReachabilityChange r => CancelTimer(r.Member),
            _ => None,
        };
    }

    public DowningStrategyDirective OnTimeout(Cluster.Member member)
    {
        var members = _membership.MembersAtMost(Cluster.MemberStatus.Leaving);   // members that still count
        var unreachable = members.Where(m => !m.IsReachable).ToList();
        if (unreachable.Count == 0) return None;                                  // healed in the meantime
        var reachable = members.Count - unreachable.Count;
        if (reachable * 2 > members.Count) return MarkAsDown(unreachable);        // majority: down the others
        return _membership.FindMember(self) is { } me ? MarkAsDown(me) : None;     // minority: step down
    }
}
