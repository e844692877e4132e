using Akka.Actor;
using Akka.Event;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The one actor per system that turns Akka.Cluster events into <see cref="Cluster.Event"/>s (DESIGN.md seam 2). It owns the
/// authoritative facade <see cref="Cluster.Membership"/>, publishes only effective changes, updates the shared snapshot before
/// each publication and gives every new subscriber a <see cref="Cluster.Snapshot"/> of exactly the state that the following
/// events apply to. Subscriptions arrive as messages to this actor; Akka's cluster events are translated on the thread of
/// Akka's cluster event publisher as it publishes them (see <see cref="InlineReceiver"/>). Both hold one lock, so there is no
/// gap and no duplicate between snapshot and events.
/// </summary>
/// <remarks>
/// Translating inline saves a mailbox hop per event, which under load was a large part of the delay from an Akka event to a
/// facade subscriber. It does not let a subscriber slow down Akka: delivery only writes to bounded channels (never waiting;
/// see <see cref="ClusterEventStream"/>) or tells actors.
/// </remarks>
internal sealed class ClusterEventTranslator : UntypedActor
{
    private const int RememberedRemovalsLimit = 1024;

    // Guards everything below: taken by this actor for subscriptions and by Akka's publisher thread for cluster events.
    private readonly object _gate = new();

    private readonly AkkaCluster _cluster;
    private readonly MembershipHolder _holder;
    private readonly List<IEventSubscriber> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Akka removes an old incarnation before letting its replacement join, so the replaced member is remembered here
    // (endpoint -> last member seen Down) to report the new one as a replacement.
    private readonly Dictionary<Node, Cluster.Member> _downedAndRemoved = new();
    private readonly Queue<Node> _downedAndRemovedOrder = new();

    private Cluster.Membership _membership;
    private bool _shuttingDown;
    private bool _stopped;
    private InlineReceiver? _receiver;

    public ClusterEventTranslator(AkkaCluster cluster, MembershipHolder holder)
    {
        _cluster = cluster;
        _holder = holder;
        _membership = holder.Current;
    }

    public static Props Props(AkkaCluster cluster, MembershipHolder holder) =>
        Akka.Actor.Props.Create(() => new ClusterEventTranslator(cluster, holder));

    protected override void PreStart()
    {
        var self = (IInternalActorRef)Self;
        _receiver = new InlineReceiver(self.Path / "inline", self.Provider, OnClusterEvent);
        _cluster.Subscribe(_receiver, InitialStateAsSnapshot,
            typeof(IMemberEvent), typeof(IReachabilityEvent), typeof(LeaderChanged), typeof(ClusterShuttingDown));
    }

    protected override void PostStop()
    {
        if (_receiver is not null) _cluster.Unsubscribe(_receiver);
        lock (_gate)
        {
            _stopped = true;
            foreach (var s in _subscribers) s.Complete();
            _subscribers.Clear();
        }
    }

    protected override void OnReceive(object message)
    {
        lock (_gate)
        {
            if (!OnSubscription(message)) Unhandled(message);
        }
    }

    private bool OnSubscription(object message)
    {
        switch (message)
        {
            case TranslatorProtocol.Subscribe sub:
                if (sub.Subscriber.TryDeliver(new Cluster.Snapshot(_membership)))
                {
                    _subscribers.Add(sub.Subscriber);
                    if (sub.Subscriber is ActorSubscriber a) Context.Watch(a.Actor);
                }
                else
                {
                    sub.Subscriber.Overflow();
                }
                break;
            case TranslatorProtocol.Unsubscribe unsub:
                if (_subscribers.Remove(unsub.Subscriber)) unsub.Subscriber.Complete();
                break;
            case Terminated t:
                _subscribers.RemoveAll(s => s is ActorSubscriber a && a.Actor.Equals(t.ActorRef));
                break;
            default:
                return false;
        }
        return true;
    }


    // Called on Akka's cluster event publisher's thread, in publication order.
    private void OnClusterEvent(object message)
    {
        try
        {
            lock (_gate)
            {
                if (!_stopped) Translate(message);
            }
        }
        catch (Exception e)
        {
            // Never let a translation bug break Akka's own publisher.
            _log.Error(e, "Failed to translate cluster event {0}.", message);
        }
    }

    private void Translate(object message)
    {
        switch (message)
        {
            case CurrentClusterState state:
                foreach (var m in state.Members) OnMember(m, AkkaConversions.ToMember(m));
                foreach (var m in state.Unreachable) OnReachability(m, Cluster.MemberReachability.Unreachable);
                OnLeader(state.Leader);
                break;
            case MemberRemoved removed:
                var isSelf = removed.Member.UniqueAddress.Equals(_cluster.SelfUniqueAddress);
                // After the local cluster shuts down Akka "removes" every member from this node's view; only our own removal is real.
                if (_shuttingDown && !isSelf) break;
                // A node that did not leave is removed from its own view only when its cluster stopped without leaving: on the
                // gossip marking it Down (Akka shuts down at once and does not publish that Down) or on an abrupt termination.
                // Either way it is Down to itself before Removed, as in Swift, where every removal follows a Down.
                if (isSelf && _membership.FindMember(AkkaConversions.ToUniqueNode(removed.Member.UniqueAddress, removed.Member.Roles))
                        is { Status: < Cluster.MemberStatus.Leaving } self)
                    Apply(new Cluster.MembershipChange(self.AsDownIfNotAlready, self.Status));
                if (removed.PreviousStatus == AkkaMemberStatus.Down) RememberRemoval(removed.Member);
                OnMember(removed.Member, AkkaConversions.ToMember(removed.Member));
                break;
            case IMemberEvent e:
                OnMember(e.Member, AkkaConversions.ToMember(e.Member));
                break;
            case UnreachableMember u:
                OnReachability(u.Member, Cluster.MemberReachability.Unreachable);
                break;
            case ReachableMember r:
                OnReachability(r.Member, Cluster.MemberReachability.Reachable);
                break;
            case LeaderChanged l:
                if (!_shuttingDown) OnLeader(l.Leader);
                break;
            case ClusterShuttingDown:
                _shuttingDown = true;
                break;
        }
    }

    private void OnMember(Akka.Cluster.Member akkaMember, Cluster.Member member)
    {
        Cluster.Member? replaced = null;
        if (!_membership.Contains(member.Node) && member.Status < Cluster.MemberStatus.Leaving)
        {
            var previous = _membership.AnyMember(member.Node.Node);
            if (previous is not null && previous.Status < Cluster.MemberStatus.Down)
            {
                // Publish the old incarnation's Down before its replacement, as Swift does.
                Apply(new Cluster.MembershipChange(previous.AsDownIfNotAlready, previous.Status));
            }
            else if (previous is null && _downedAndRemoved.Remove(member.Node.Node, out var old) && !old.Node.Equals(member.Node))
            {
                replaced = old;
            }
        }
        Apply(new Cluster.MembershipChange(member, null, replaced));
    }

    private void Apply(Cluster.MembershipChange change)
    {
        _membership = _membership.ApplyMembershipChange(change, out var effective);
        if (effective is not null) Publish(effective);
    }

    private void OnReachability(Akka.Cluster.Member akkaMember, Cluster.MemberReachability reachability)
    {
        var member = _membership.FindMember(AkkaConversions.ToUniqueNode(akkaMember.UniqueAddress, akkaMember.Roles));
        if (member is null) return;
        _membership = _membership.ApplyReachabilityChange(new Cluster.ReachabilityChange(member.With(reachability: reachability)), out var effective);
        if (effective is not null) Publish(effective);
    }

    private void OnLeader(Address? leaderAddress)
    {
        Cluster.Member? leader = null;
        if (leaderAddress is not null)
        {
            leader = _membership.MembersAtMost(Cluster.MemberStatus.Leaving)
                .FirstOrDefault(m => AkkaConversions.SameEndpoint(leaderAddress, m.Node.Node));
            if (leader is null)
            {
                _log.Warning("Leader {0} is not a known member; leadership change not published.", leaderAddress);
                return;
            }
        }
        _membership = _membership.ApplyLeadershipChange(leader, out var effective);
        if (effective is not null) Publish(effective);
    }

    private void RememberRemoval(Akka.Cluster.Member akkaMember)
    {
        var member = _membership.FindMember(AkkaConversions.ToUniqueNode(akkaMember.UniqueAddress, akkaMember.Roles));
        if (member is null) return;
        if (_downedAndRemoved.Count >= RememberedRemovalsLimit && _downedAndRemovedOrder.TryDequeue(out var oldest))
            _downedAndRemoved.Remove(oldest);
        _downedAndRemoved[member.Node.Node] = member;
        _downedAndRemovedOrder.Enqueue(member.Node.Node);
    }

    private void Publish(Cluster.Event e)
    {
        _holder.Current = _membership;
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            var s = _subscribers[i];
            if (s.TryDeliver(e)) continue;
            _log.Warning("A cluster event subscriber fell behind by more than its buffer and was unsubscribed.");
            s.Overflow();
            _subscribers.RemoveAt(i);
        }
    }
}

/// <summary>
/// The translator's subscription to Akka's cluster events: an actor reference whose Tell runs the translation on the caller's
/// thread (Akka's cluster event publisher) instead of enqueuing a message. Akka only tells it events; it is never watched for
/// termination (system messages are ignored), so the translator unsubscribes it when it stops.
/// </summary>
internal sealed class InlineReceiver(ActorPath path, IActorRefProvider provider, Action<object> receive) : MinimalActorRef
{
    public override ActorPath Path { get; } = path;

    public override IActorRefProvider Provider { get; } = provider;

    protected override void TellInternal(object message, IActorRef sender) => receive(message);
}
