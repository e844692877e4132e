using System.Collections.Immutable;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The rules that turn Akka.Cluster's events into honest <see cref="Cluster.Event"/>s, as a value: the translator's state and
/// one Akka event (as a <see cref="TranslatorInput"/>) in, the next state and the events to publish out, each with the
/// membership it leaves behind. Akka's WeaklyUp and Exiting fold into Up and Leaving (<see cref="AkkaConversions.ToStatus"/>),
/// so an Akka change that is no facade change publishes nothing. A new incarnation on a known endpoint is published as a
/// replacement, after the old incarnation's Down. This node's own removal is published as Down first, as in Swift, where every
/// removal follows a Down. While the local cluster shuts down, Akka "removes" every member from this node's view and elects
/// no real leader: only this node's own removal is published.
/// </summary>
internal sealed record EventTranslation
{
    /// <summary>How many removed incarnations are remembered to report their replacements.</summary>
    public const int RememberedRemovalsLimit = 1024;

    public EventTranslation(UniqueNode self, Cluster.Membership membership)
    {
        Self = self;
        Membership = membership;
    }

    public UniqueNode Self { get; }

    /// <summary>The membership as of the last published event.</summary>
    public Cluster.Membership Membership { get; private init; }

    /// <summary>Whether Akka announced that the local cluster is shutting down.</summary>
    public bool ShuttingDown { get; private init; }

    // Akka removes an old incarnation before letting its replacement join, so the replaced member is remembered here
    // (endpoint -> last member seen Down) to report the new one as a replacement; oldest forgotten first.
    private ImmutableDictionary<Node, Cluster.Member> DownedAndRemoved { get; init; } = ImmutableDictionary<Node, Cluster.Member>.Empty;

    private ImmutableQueue<Node> RemovalOrder { get; init; } = ImmutableQueue<Node>.Empty;

    /// <summary>Translates one Akka event.</summary>
    public TranslationStep On(TranslatorInput input)
    {
        var t = new Transition(this);
        switch (input)
        {
            case TranslatorInput.CurrentState state:
                foreach (var m in state.Members) t.OnMember(m);
                foreach (var n in state.Unreachable) t.OnReachability(n, Cluster.MemberReachability.Unreachable);
                t.OnLeader(state.Leader);
                break;
            case TranslatorInput.MemberRemoved removed:
                var isSelf = removed.Member.Node.Equals(Self);
                if (t.ShuttingDown && !isSelf) break;
                // A node that did not leave is removed from its own view only when its cluster stopped without leaving: on the
                // gossip marking it Down (Akka shuts down at once and does not publish that Down) or on an abrupt termination.
                if (isSelf && t.Membership.FindMember(removed.Member.Node) is { Status: < Cluster.MemberStatus.Leaving } self)
                    t.Apply(new Cluster.MembershipChange(self.AsDownIfNotAlready, self.Status));
                if (removed.WasDown) t.RememberRemoval(removed.Member.Node);
                t.OnMember(removed.Member);
                break;
            case TranslatorInput.MemberChanged changed:
                t.OnMember(changed.Member);
                break;
            case TranslatorInput.ReachabilityChanged r:
                t.OnReachability(r.Node, r.Reachability);
                break;
            case TranslatorInput.LeaderChanged l:
                if (!t.ShuttingDown) t.OnLeader(l.Leader);
                break;
            case TranslatorInput.ShuttingDown:
                t.ShuttingDown = true;
                break;
        }
        return t.Result();
    }

    // One step's working copy.
    private sealed class Transition(EventTranslation state)
    {
        private readonly ImmutableArray<TranslatedEvent>.Builder _events = ImmutableArray.CreateBuilder<TranslatedEvent>();
        private readonly ImmutableDictionary<Node, Cluster.Member>.Builder _downedAndRemoved = state.DownedAndRemoved.ToBuilder();
        private ImmutableQueue<Node> _removalOrder = state.RemovalOrder;
        private string? _warning;

        public Cluster.Membership Membership { get; private set; } = state.Membership;

        public bool ShuttingDown { get; set; } = state.ShuttingDown;

        public TranslationStep Result() => new(state with
        {
            Membership = Membership,
            ShuttingDown = ShuttingDown,
            DownedAndRemoved = _downedAndRemoved.ToImmutable(),
            RemovalOrder = _removalOrder,
        }, _events.ToImmutable(), _warning);

        public void OnMember(Cluster.Member member)
        {
            Cluster.Member? replaced = null;
            if (!Membership.Contains(member.Node) && member.Status < Cluster.MemberStatus.Leaving)
            {
                var previous = Membership.AnyMember(member.Node.Node);
                if (previous is not null && previous.Status < Cluster.MemberStatus.Down)
                {
                    // Publish the old incarnation's Down before its replacement, as Swift does.
                    Apply(new Cluster.MembershipChange(previous.AsDownIfNotAlready, previous.Status));
                }
                else if (previous is null && _downedAndRemoved.TryGetValue(member.Node.Node, out var old))
                {
                    _downedAndRemoved.Remove(member.Node.Node);
                    if (!old.Node.Equals(member.Node)) replaced = old;
                }
            }
            Apply(new Cluster.MembershipChange(member, null, replaced));
        }

        public void Apply(Cluster.MembershipChange change)
        {
            Membership = Membership.ApplyMembershipChange(change, out var effective);
            if (effective is not null) _events.Add(new TranslatedEvent(effective, Membership));
        }

        public void OnReachability(UniqueNode node, Cluster.MemberReachability reachability)
        {
            var member = Membership.FindMember(node);
            if (member is null) return;
            Membership = Membership.ApplyReachabilityChange(new Cluster.ReachabilityChange(member.With(reachability: reachability)), out var effective);
            if (effective is not null) _events.Add(new TranslatedEvent(effective, Membership));
        }

        public void OnLeader(Node? leaderEndpoint)
        {
            Cluster.Member? leader = null;
            if (leaderEndpoint is not null)
            {
                leader = Membership.MembersAtMost(Cluster.MemberStatus.Leaving).FirstOrDefault(m => m.Node.Node.Equals(leaderEndpoint));
                if (leader is null)
                {
                    _warning = $"Leader {leaderEndpoint} is not a known member; leadership change not published.";
                    return;
                }
            }
            Membership = Membership.ApplyLeadershipChange(leader, out var effective);
            if (effective is not null) _events.Add(new TranslatedEvent(effective, Membership));
        }

        public void RememberRemoval(UniqueNode node)
        {
            var member = Membership.FindMember(node);
            if (member is null) return;
            if (_downedAndRemoved.Count >= RememberedRemovalsLimit && !_removalOrder.IsEmpty)
            {
                _removalOrder = _removalOrder.Dequeue(out var oldest);
                _downedAndRemoved.Remove(oldest);
            }
            _downedAndRemoved[member.Node.Node] = member;
            _removalOrder = _removalOrder.Enqueue(member.Node.Node);
        }
    }
}

/// <summary>One event to publish and the membership after it (what <see cref="ClusterControl.MembershipSnapshot"/> shows while it is delivered).</summary>
internal sealed record TranslatedEvent(Cluster.Event Event, Cluster.Membership Membership);

/// <summary>The result of <see cref="EventTranslation.On"/>; <see cref="Warning"/> is a line to log, if any.</summary>
internal sealed record TranslationStep(EventTranslation Next, ImmutableArray<TranslatedEvent> Events, string? Warning);

/// <summary>Akka.Cluster's events as the translator reads them, already in the facade's terms.</summary>
internal abstract record TranslatorInput
{
    /// <summary>Akka's initial state (<c>CurrentClusterState</c>).</summary>
    public sealed record CurrentState(ImmutableArray<Cluster.Member> Members, ImmutableArray<UniqueNode> Unreachable, Node? Leader) : TranslatorInput;

    /// <summary>Any member event but a removal; <see cref="Member"/> carries the new status.</summary>
    public sealed record MemberChanged(Cluster.Member Member) : TranslatorInput;

    /// <summary>A member was removed; <see cref="WasDown"/>: its previous status was Down.</summary>
    public sealed record MemberRemoved(Cluster.Member Member, bool WasDown) : TranslatorInput;

    public sealed record ReachabilityChanged(UniqueNode Node, Cluster.MemberReachability Reachability) : TranslatorInput;

    /// <summary>The leader's endpoint, or null when there is none.</summary>
    public sealed record LeaderChanged(Node? Leader) : TranslatorInput;

    /// <summary>Akka's <c>ClusterShuttingDown</c>.</summary>
    public sealed record ShuttingDown : TranslatorInput
    {
        public static readonly ShuttingDown Instance = new();
    }
}
