using static Akka.DistributedActors.DowningDirectives;

namespace Akka.DistributedActors;

/// <summary>
/// Swift's timeout strategy: every node starts a timer when a member becomes unreachable; when it fires and the member is still
/// unreachable, the leader marks it Down, while a non-leader remembers it and marks it Down if it becomes the leader later. A
/// member that becomes reachable again, or goes Down some other way, is forgotten; a node restarted on the same endpoint marks
/// its old incarnation Down. One deviation from Swift: this node counts as leader only while it sees at least
/// <see cref="LeadershipSelectionSettings.MinNumberOfMembers"/> reachable Joining/Up members, so a node cut off alone (Akka makes
/// it the leader of its own side) does not down the rest of the cluster. Pure: no clocks, no Akka.
/// </summary>
public sealed class TimeoutBasedDowningStrategy : IDowningStrategy
{
    private readonly TimeoutBasedDowningStrategySettings _settings;
    private readonly UniqueNode _self;
    private readonly int _minMembersToLead;
    private readonly HashSet<Cluster.Member> _unreachable = [];
    private readonly HashSet<Cluster.Member> _markAsDown = [];
    private Cluster.Membership _membership = Cluster.Membership.Empty;

    /// <summary>Creates the strategy for <see cref="DowningContext.SelfNode"/>; the leadership minimum comes from the context's <c>AutoLeaderElection</c>.</summary>
    public TimeoutBasedDowningStrategy(TimeoutBasedDowningStrategySettings settings, DowningContext context)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        ArgumentNullException.ThrowIfNull(context);
        _self = context.SelfNode;
        _minMembersToLead = Math.Max(1, context.Settings.AutoLeaderElection.MinNumberOfMembers);
    }

    /// <summary>The membership as this strategy has seen it.</summary>
    public Cluster.Membership Membership => _membership;

    /// <summary>True when this node may mark members Down: it is the leader and sees enough reachable members.</summary>
    public bool IsLeader =>
        _membership.IsLeader(_self) && _membership.MembersAtMost(Cluster.MemberStatus.Up, Cluster.MemberReachability.Reachable).Count >= _minMembersToLead;

    /// <summary>Unreachable members whose timer fired while this node was not the leader.</summary>
    public IReadOnlyCollection<Cluster.Member> PendingMarkAsDown => _markAsDown;

    /// <inheritdoc />
    public DowningStrategyDirective OnClusterEvent(Cluster.Event clusterEvent)
    {
        switch (clusterEvent)
        {
            case Cluster.Snapshot snapshot:
                _membership = snapshot.Membership;
                return None;
            case Cluster.MembershipChange change:
                return OnMembershipChange(change);
            case Cluster.LeadershipChange change:
                _membership = _membership.ApplyLeadershipChange(change, out _);
                return MarkPendingIfLeader() ?? None;
            case Cluster.ReachabilityChange change:
                return OnReachabilityChange(change);
            default:
                throw new ArgumentException($"Unknown cluster event type {clusterEvent?.GetType().FullName ?? "null"}.", nameof(clusterEvent));
        }
    }

    /// <inheritdoc />
    public DowningStrategyDirective OnTimeout(Cluster.Member member)
    {
        if (!_unreachable.Contains(member)) return None;
        if (IsLeader) return MarkAsDown(member);
        _markAsDown.Add(member);
        return None;
    }

    private DowningStrategyDirective OnMembershipChange(Cluster.MembershipChange change)
    {
        _membership = _membership.ApplyMembershipChange(change, out var effective);
        if (effective is null) return None;
        if (effective.Status >= Cluster.MemberStatus.Down)
        {
            _markAsDown.Remove(effective.Member);
            _unreachable.Remove(effective.Member);
            return CancelTimer(effective.Member);
        }
        if (effective.Replaced is { } replaced)
        {
            _markAsDown.Remove(replaced);
            _unreachable.Remove(replaced);
            return MarkAsDown(replaced);
        }
        return None;
    }

    private DowningStrategyDirective OnReachabilityChange(Cluster.ReachabilityChange change)
    {
        _membership = _membership.ApplyReachabilityChange(change, out var effective);
        if (effective is null) return None;
        var member = effective.Member;
        if (effective.ToUnreachable)
        {
            if (member.Status >= Cluster.MemberStatus.Down) return None;
            _unreachable.Add(member);
            return StartTimer(member, _settings.DownUnreachableMembersAfter);
        }
        _markAsDown.Remove(member);
        var wasUnreachable = _unreachable.Remove(member);
        // A member coming back may give this node enough reachable members to lead; its own timer, if still running, finds it
        // reachable and does nothing, so the pending downs take precedence over cancelling it.
        return MarkPendingIfLeader() ?? (wasUnreachable ? CancelTimer(member) : None);
    }

    private DowningStrategyDirective? MarkPendingIfLeader()
    {
        if (_markAsDown.Count == 0 || !IsLeader) return null;
        var members = _markAsDown.ToList();
        _markAsDown.Clear();
        return MarkAsDown(members);
    }
}
