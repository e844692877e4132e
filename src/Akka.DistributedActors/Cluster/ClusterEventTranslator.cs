using Akka.Actor;
using Akka.Event;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The one actor per system that turns Akka.Cluster events into <see cref="Cluster.Event"/>s (DESIGN.md seam 2): it feeds
/// <see cref="EventTranslation"/> (the rules) and fans its events out in one order. It updates the shared snapshot before
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
    // Guards everything below: taken by this actor for subscriptions and by Akka's publisher thread for cluster events.
    private readonly object _gate = new();

    private readonly AkkaCluster _cluster;
    private readonly MembershipHolder _holder;
    private readonly List<IEventSubscriber> _subscribers = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private EventTranslation _translation;
    private bool _stopped;
    private InlineReceiver? _receiver;

    public ClusterEventTranslator(AkkaCluster cluster, MembershipHolder holder)
    {
        _cluster = cluster;
        _holder = holder;
        _translation = new EventTranslation(AkkaConversions.ToUniqueNode(cluster.SelfUniqueAddress, cluster.SelfRoles), holder.Current);
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
                if (sub.Subscriber.TryDeliver(new Cluster.Snapshot(_translation.Membership)))
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
            if (ToInput(message) is not { } input) return;
            lock (_gate)
            {
                if (_stopped) return;
                var step = _translation.On(input);
                _translation = step.Next;
                if (step.Warning is not null) _log.Warning(step.Warning);
                foreach (var e in step.Events) Publish(e);
            }
        }
        catch (Exception e)
        {
            // Never let a translation bug break Akka's own publisher.
            _log.Error(e, "Failed to translate cluster event {0}.", message);
        }
    }

    /// <summary>Akka's event in the facade's terms, or null for an event the translation does not read.</summary>
    internal static TranslatorInput? ToInput(object message) => message switch
    {
        CurrentClusterState state => new TranslatorInput.CurrentState(
            [..state.Members.Select(AkkaConversions.ToMember)],
            [..state.Unreachable.Select(m => AkkaConversions.ToUniqueNode(m.UniqueAddress, m.Roles))],
            state.Leader is { } leader ? AkkaConversions.ToNode(leader, leader.System) : null),
        MemberRemoved removed => new TranslatorInput.MemberRemoved(AkkaConversions.ToMember(removed.Member), removed.PreviousStatus == AkkaMemberStatus.Down),
        IMemberEvent e => new TranslatorInput.MemberChanged(AkkaConversions.ToMember(e.Member)),
        UnreachableMember u => new TranslatorInput.ReachabilityChanged(AkkaConversions.ToUniqueNode(u.Member.UniqueAddress, u.Member.Roles), Cluster.MemberReachability.Unreachable),
        ReachableMember r => new TranslatorInput.ReachabilityChanged(AkkaConversions.ToUniqueNode(r.Member.UniqueAddress, r.Member.Roles), Cluster.MemberReachability.Reachable),
        LeaderChanged l => new TranslatorInput.LeaderChanged(l.Leader is { } leader ? AkkaConversions.ToNode(leader, leader.System) : null),
        ClusterShuttingDown => TranslatorInput.ShuttingDown.Instance,
        _ => null,
    };

    private void Publish(TranslatedEvent e)
    {
        _holder.Current = e.Membership;
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            var s = _subscribers[i];
            if (s.TryDeliver(e.Event)) continue;
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
