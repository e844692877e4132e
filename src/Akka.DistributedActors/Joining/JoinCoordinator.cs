using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The Akka shell of <see cref="JoinProtocol"/>: turns messages, timers and this node's membership (from the event translator)
/// into protocol events, and executes the directives that come back: Akka's joins, the handshake's messages, Identify, the
/// transport probe, timers and the log line of a join given up.
/// </summary>
internal sealed class JoinCoordinator : ReceiveActor, IWithTimers
{
    public const string Name = "distributed-actors-join";

    private readonly AkkaCluster _cluster;
    private readonly IActorRef _translator;
    private readonly JoinFailures _failures;
    private readonly bool _tls;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private JoinProtocol _protocol;

    public JoinCoordinator(AkkaCluster cluster, ClusterSystemSettings settings, IActorRef translator, JoinFailures failures, bool alreadyJoining)
    {
        _cluster = cluster;
        _translator = translator;
        _failures = failures;
        _tls = cluster.System.Settings.Config.GetBoolean("akka.remote.dot-netty.tcp.enable-ssl", false);
        _protocol = JoinProtocol.Start(cluster.SelfAddress, cluster.SelfAddress.System, settings.Join, alreadyJoining);

        Receive<JoinTo>(m => Handle(new JoinEvent.JoinAsked(m.Target)));
        Receive<byte[]>(OnRequestBytes);
        Receive<JoinReply>(m => Handle(new JoinEvent.ReplyReceived(m)));
        Receive<ActorIdentity>(m => m.MessageId is string id && id.StartsWith(AliveIdentifyPrefix, StringComparison.Ordinal), m =>
        {
            var (round, target) = ParseIdentifyId((string)m.MessageId, AliveIdentifyPrefix);
            if (m.Subject is not null) Handle(new JoinEvent.TargetAlive(target, round));
        });
        Receive<ActorIdentity>(m => m.MessageId is string id && id.StartsWith(IdentifyPrefix, StringComparison.Ordinal), m =>
        {
            var (round, target) = ParseIdentifyId((string)m.MessageId, IdentifyPrefix);
            Handle(new JoinEvent.IdentifyAnswered(target, round, m.Subject is not null));
        });
        Receive<JoinEvent.ProbeAnswered>(Handle);
        Receive<JoinTimer.Retry>(m => Handle(new JoinEvent.RetryDue(m.Target)));
        Receive<JoinTimer.Promise>(_ => Handle(JoinEvent.PromiseExpired.Instance));
        Receive<JoinTimer.Rejoin>(_ => Handle(new JoinEvent.RejoinDue(Welcomed: _cluster.SelfMember.Status != AkkaMemberStatus.Removed)));
        Receive<Cluster.Snapshot>(s => OnSelf(s.Membership.FindMember(SelfNode)?.Status));
        Receive<Cluster.MembershipChange>(c => c.Node.Equals(SelfNode), c => OnSelf(c.Status));
        Receive<Cluster.Event>(_ => { });
    }

    private const string IdentifyPrefix = "join:";
    private const string AliveIdentifyPrefix = "join-alive:";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AkkaCluster cluster, ClusterSystemSettings settings, IActorRef translator, JoinFailures failures, bool alreadyJoining) =>
        Akka.Actor.Props.Create(() => new JoinCoordinator(cluster, settings, translator, failures, alreadyJoining));

    private UniqueNode SelfNode => AkkaConversions.ToUniqueNode(_cluster.SelfUniqueAddress, _cluster.SelfRoles);

    protected override void PreStart() => _translator.Tell(new TranslatorProtocol.Subscribe(new ActorSubscriber(Self)));

    private void OnSelf(Cluster.MemberStatus? status)
    {
        if (status == Cluster.MemberStatus.Up) Handle(JoinEvent.BecameMember.Instance);
        else if (status == Cluster.MemberStatus.Removed) Handle(JoinEvent.Removed.Instance);
    }

    // Hostile or corrupt bytes cost one log line; the coordinator keeps its state and serves the next message.
    private void OnRequestBytes(byte[] bytes)
    {
        JoinRequest request;
        try
        {
            request = JoinMessageSerializer.RequestFromBytes(bytes);
        }
        catch (System.Runtime.Serialization.SerializationException e)
        {
            _log.Warning("Dropped a join request from {0} that could not be read: {1}", Sender, e.Message);
            return;
        }
        Handle(new JoinEvent.RequestReceived(request));
    }

    private void Handle(JoinEvent e)
    {
        var step = _protocol.On(e, DateTime.UtcNow);
        _protocol = step.Next;
        foreach (var directive in step.Directives) Execute(directive);
    }

    private void Execute(JoinDirective directive)
    {
        switch (directive)
        {
            case JoinDirective.Found:
                _log.Info("Founding a new cluster at {0}.", SelfNode);
                _cluster.Join(_cluster.SelfAddress);
                break;
            case JoinDirective.JoinMember join:
                _cluster.Join(join.Member);
                break;
            case JoinDirective.JoinSeedNodes join:
                _cluster.JoinSeedNodes(join.Seeds);
                break;
            case JoinDirective.SendRequest request:
                // As bytes: the target may be a plain Akka.NET node, which cannot deserialize the facade's own messages.
                Coordinator(request.To).Tell(JoinMessageSerializer.RequestToBytes(
                    new JoinRequest(_cluster.SelfAddress.ToString(), request.FromInitialized, AcceptsJoin)));
                break;
            case JoinDirective.SendReply reply:
                Coordinator(reply.To).Tell(new JoinReply(reply.Kind, _cluster.SelfAddress.ToString(), reply.Via?.ToString(), AcceptsJoin, reply.ViaIsMember));
                break;
            case JoinDirective.IdentifyCoordinator identify:
                Coordinator(identify.Target).Tell(new Identify($"{IdentifyPrefix}{identify.Round}:{identify.Target}"), Self);
                break;
            case JoinDirective.IdentifyDaemon identify:
                ClusterDaemon(identify.Target).Tell(new Identify($"{AliveIdentifyPrefix}{identify.Round}:{identify.Target}"), Self);
                break;
            case JoinDirective.Probe probe:
                var timeout = TimeSpan.FromMilliseconds(Math.Clamp(_protocol.RetryInterval.TotalMilliseconds * 4, 500, 5000));
                HandshakeProbe.RunAsync(probe.Target, _tls, timeout).PipeTo(Self);
                break;
            case JoinDirective.StartTimer timer:
                Timers.StartSingleTimer(timer.Timer, timer.Timer, timer.Delay);
                break;
            case JoinDirective.CancelTimer timer:
                Timers.Cancel(timer.Timer);
                break;
            case JoinDirective.GiveUp giveUp:
                if (giveUp.IsError) _log.Error(giveUp.Reason);
                else _log.Warning(giveUp.Reason);
                _failures.GaveUp(giveUp.Target.Host!, giveUp.Target.Port!.Value, giveUp.Reason);
                break;
            case JoinDirective.Log log:
                if (_log.IsEnabled(log.Level)) _log.Log(log.Level, null, log.Message);
                break;
        }
    }

    // The ids are only ever ours: the Identify replies carry back what this actor sent.
    private static (int Round, Address Target) ParseIdentifyId(string id, string prefix)
    {
        var colon = id.IndexOf(':', prefix.Length);
        return (int.Parse(id.AsSpan(prefix.Length, colon - prefix.Length), System.Globalization.CultureInfo.InvariantCulture), Address.Parse(id[(colon + 1)..]));
    }

    private ActorSelection Coordinator(Address node) => Context.ActorSelection(new RootActorPath(node) / "system" / Name);

    /// <summary>Akka.Cluster's daemon, present on every cluster node: it answers Identify only when the node is reachable.</summary>
    public static ActorSelection ClusterDaemon(IActorContext context, Address node) =>
        context.ActorSelection(new RootActorPath(node) / "system" / "cluster" / "core" / "daemon");

    private ActorSelection ClusterDaemon(Address node) => ClusterDaemon(Context, node);

    // Akka ignores a Join sent to a member that is Down or Exiting.
    private bool AcceptsJoin => _protocol.Phase == JoinPhase.Member && _cluster.SelfMember.Status is not (AkkaMemberStatus.Down or AkkaMemberStatus.Exiting);

    /// <summary>Local command: join the node at <see cref="Target"/>.</summary>
    public sealed record JoinTo(Address Target);
}

/// <summary>How a node answers a <see cref="JoinRequest"/>.</summary>
internal enum JoinReplyKind : byte
{
    /// <summary>Join me (or the node I joined): I belong to a cluster.</summary>
    JoinMe = 1,

    /// <summary>I am joining you: you said you belong to a cluster.</summary>
    Joining = 2,

    /// <summary>Found the cluster; I join you once you confirm.</summary>
    YouFound = 3,
}

/// <summary>
/// Sent to the join coordinator of another node: "I want to be in one cluster with you". <see cref="FromInitialized"/>: the
/// sender has founded or joined a cluster (or is joining one); <see cref="FromMember"/>: it is a member that accepts Akka's Join now.
/// </summary>
internal sealed record JoinRequest(string From, bool FromInitialized, bool FromMember);

/// <summary>
/// The other node's decision (<see cref="Kind"/>). <see cref="Via"/> is the node the sender itself joined (or promised to join),
/// if any: a second seed that is, or soon is, a member. <see cref="FromMember"/> says the sender is a member that accepts Akka's
/// Join now (it founded the cluster or is Up), so the receiver may join it directly; <see cref="ViaIsMember"/> says the same of
/// <see cref="Via"/>.
/// </summary>
internal sealed record JoinReply(JoinReplyKind Kind, string From, string? Via, bool FromMember, bool ViaIsMember) : IJoinMessage;
