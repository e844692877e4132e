using Akka.Actor;
using Akka.Event;
using Akka.Remote;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Runs one <see cref="IDowningStrategy"/> (Swift's <c>DowningStrategyShell</c>): feeds it the facade's ordered events, owns its
/// timers and downs the members it names through Akka's <c>Cluster.Down</c>. A strategy that throws is logged with the event or
/// timeout that made it throw; the shell and the node go on and later events are still processed.
/// </summary>
internal sealed class DowningShell : UntypedActor, IWithTimers
{
    /// <summary>Hands the shell its strategy and the translator to subscribe to.</summary>
    public sealed record Start(Func<IDowningStrategy> CreateStrategy, IActorRef Translator, string Description);

    private sealed record TimerFired(Cluster.Member Member);

    private readonly AkkaCluster _cluster;
    private readonly DowningShellRegistry _registry;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IDowningStrategy? _strategy;
    private Start? _start;
    private ActorSubscriber? _subscription;
    private Cluster.Membership _membership = Cluster.Membership.Empty;
    private bool _selfDownRequested;

    public DowningShell(AkkaCluster cluster, DowningShellRegistry registry)
    {
        _cluster = cluster;
        _registry = registry;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AkkaCluster cluster, DowningShellRegistry registry) =>
        Akka.Actor.Props.Create(() => new DowningShell(cluster, registry));

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(ThisActorSystemQuarantinedEvent));
        _registry.ShellStarted(Self);
    }

    protected override void PostStop()
    {
        _registry.ShellStopped(Self);
        Context.System.EventStream.Unsubscribe(Self);
        if (_start is not null && _subscription is not null) _start.Translator.Tell(new TranslatorProtocol.Unsubscribe(_subscription));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Start start when _start is null:
                Begin(start);
                break;
            case Cluster.Event e when _strategy is not null:
                _membership = _membership.Apply(e);
                Run(() => _strategy.OnClusterEvent(e), e);
                break;
            case TimerFired fired when _strategy is not null:
                Run(() => _strategy.OnTimeout(fired.Member), $"timeout of {fired.Member}");
                break;
            case ThisActorSystemQuarantinedEvent q:
                OnQuarantined(q);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Begin(Start start)
    {
        _start = start;
        try
        {
            _strategy = start.CreateStrategy();
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not create the downing strategy ({0}); this node will not down anyone.", start.Description);
            return;
        }
        _log.Debug("Downing strategy {0} started.", _strategy.GetType().Name);
        _subscription = new ActorSubscriber(Self);
        start.Translator.Tell(new TranslatorProtocol.Subscribe(_subscription));
    }

    private void Run(Func<DowningStrategyDirective> decide, object cause)
    {
        DowningStrategyDirective directive;
        try
        {
            directive = decide() ?? DowningDirectives.None;
        }
        catch (Exception e)
        {
            _log.Error(e, "Downing strategy {0} threw on {1}; that input is skipped and later events are still processed.",
                _strategy!.GetType().Name, cause);
            return;
        }
        Execute(directive);
    }

    private void Execute(DowningStrategyDirective directive)
    {
        if (Telemetry.DowningDecisions.Enabled && directive is not DowningStrategyDirective.None)
        {
            Telemetry.DowningDecisions.Add(1, new KeyValuePair<string, object?>(Telemetry.StrategyTag, _strategy!.GetType().Name),
                new KeyValuePair<string, object?>(Telemetry.DecisionTag, directive switch
                {
                    DowningStrategyDirective.StartTimer => "start_timer",
                    DowningStrategyDirective.CancelTimer => "cancel_timer",
                    DowningStrategyDirective.MarkAsDown => "mark_as_down",
                    _ => directive.GetType().Name,
                }));
        }
        switch (directive)
        {
            case DowningStrategyDirective.StartTimer start:
                Timers.StartSingleTimer(start.Member.Node, new TimerFired(start.Member), start.Delay);
                break;
            case DowningStrategyDirective.CancelTimer cancel:
                Timers.Cancel(cancel.Member.Node);
                break;
            case DowningStrategyDirective.MarkAsDown down:
                foreach (var member in down.Members) Down(member);
                break;
        }
    }

    private void Down(Cluster.Member member)
    {
        // Akka downs by address; only an incarnation that is still a member below Down may be targeted, otherwise a newer
        // incarnation on the same endpoint could be hit.
        var current = _membership.FindMember(member.Node);
        if (current is null || current.Status >= Cluster.MemberStatus.Down)
        {
            _log.Debug("Not downing {0}: it is {1}.", member.Node, current is null ? "not a member" : current.Status.ToString());
            return;
        }
        _log.Info("Decide to [Down] member [{0}]!", current);
        _cluster.Down(AkkaConversions.ToAddress(current.Node.Node, _cluster.SelfAddress));
    }

    private void OnQuarantined(ThisActorSystemQuarantinedEvent q)
    {
        // A member that quarantined this node has removed it for good (Akka's counterpart of Swift's "rest in peace"): this
        // node can never talk to it again, so it takes itself Down and the OnDownAction follows.
        if (_selfDownRequested || _strategy is null) return;
        var by = _membership.FirstOrDefault(m => AkkaConversions.SameEndpoint(q.RemoteAddress, m.Node.Node));
        var self = _membership.FindMember(AkkaConversions.ToUniqueNode(_cluster.SelfUniqueAddress, _cluster.SelfRoles));
        if (by is null || self is null || self.Status >= Cluster.MemberStatus.Down) return;
        _selfDownRequested = true;
        _log.Warning("This node was quarantined by cluster member [{0}], which removed it from the cluster; marking this node [Down].", by.Node);
        _cluster.Down(_cluster.SelfAddress);
    }
}
