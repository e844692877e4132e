using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Makes Swift's <c>join</c> work on Akka.NET. In Swift any two nodes can join; in Akka a node must already belong to a
/// cluster before others can join it, and two clusters never merge. So before joining, the two nodes agree on which of them
/// belongs to a cluster: a node that already does (or has promised to join one) is joined; if neither does, the asked node
/// founds the cluster when it is not itself asking anyone. When both are asking (simultaneous joins in both directions), the
/// one with the lower address founds and the other promises to join it, and does so when the founder confirms (joining
/// before the founder exists would only be refused and retried a second later); both apply the same rule, so they still
/// form one cluster.
/// A node that is itself still waiting for an answer to its own join does not decide for a third node (that could found a
/// second cluster, e.g. b joins a while c joins b); it stays silent, the third node retries, and gets its answer once this
/// node has joined. A deferral ends after <see cref="DeferralRetries"/> retry intervals, so a cycle of simultaneous joins
/// (a to b, b to c, c to a) still resolves by address. Requests are re-sent until the other node answers or
/// <see cref="JoinSettings.GiveUpAfter"/>.
/// </summary>
internal sealed class JoinCoordinator : ReceiveActor, IWithTimers
{
    public const string Name = "distributed-actors-join";

    /// <summary>How many retry intervals a third node's request may wait while this node's own join is pending, and how long a promise to join holds.</summary>
    public const int DeferralRetries = 10;

    private readonly AkkaCluster _cluster;
    private readonly JoinSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<Address, DateTime> _pending = new();
    private readonly Dictionary<Address, DateTime> _deferredSince = new();

    // Set once this node has called Akka's join (founded, or joined another node) or was started already joining.
    private bool _joined;

    // The founder this node promised to join; it joins when the founder confirms.
    private Address? _promisedTo;

    // The node this one joined (or promised to join): a member others can use as a second seed while this node is still joining.
    private Address? _joinedVia;

    // Whether _joinedVia was a member accepting Akka's Join when this node joined it.
    private bool _joinedViaIsMember;

    // True while this node is a member that accepts Akka's Join: from founding (its own Join is queued at its cluster daemon
    // before any reply leaves, so a Join caused by the reply should find it initialized; OnRejoinIfNotWelcomed covers the one case
    // seen where it did not) or from being Up, until removed.
    private bool _member;

    public JoinCoordinator(AkkaCluster cluster, JoinSettings settings, bool alreadyJoining)
    {
        _cluster = cluster;
        _settings = settings;
        _joined = alreadyJoining;

        Receive<JoinTo>(m => StartJoin(m.Target));
        Receive<Retry>(m => SendRequest(m.Target));
        Receive<JoinRequest>(OnRequest);
        Receive<JoinReply>(OnReply);
        Receive<PromiseExpired>(OnPromiseExpired);
        Receive<MarkJoined>(_ =>
        {
            _joined = true;
            _member = true;
        });
        Receive<MarkRemoved>(_ => _member = false);
        Receive<RejoinIfNotWelcomed>(OnRejoinIfNotWelcomed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AkkaCluster cluster, JoinSettings settings, bool alreadyJoining) =>
        Akka.Actor.Props.Create(() => new JoinCoordinator(cluster, settings, alreadyJoining));

    protected override void PreStart()
    {
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(MarkJoined.Instance));
        _cluster.RegisterOnMemberRemoved(() => self.Tell(MarkRemoved.Instance));
    }

    private Address SelfAddress => _cluster.SelfAddress;

    private bool Decided => _joined || _promisedTo is not null;

    private void StartJoin(Address target)
    {
        if (SameEndpoint(target, SelfAddress))
        {
            // Joining yourself founds a new cluster (Akka's rule); in Swift it is ignored, and the membership stays the same.
            Found();
            return;
        }
        _pending[target] = DateTime.UtcNow + _settings.GiveUpAfter;
        SendRequest(target);
    }

    private void SendRequest(Address target)
    {
        if (!_pending.TryGetValue(target, out var deadline)) return;
        if (DateTime.UtcNow > deadline)
        {
            _pending.Remove(target);
            _log.Warning("Giving up on joining node [{0}]: no answer within {1}.", target, _settings.GiveUpAfter);
            return;
        }
        Context.ActorSelection(new RootActorPath(target) / "system" / Name)
            .Tell(new JoinRequest(SelfAddress.ToString(), _joined, AcceptsJoin));
        Timers.StartSingleTimer(target, new Retry(target), _settings.RetryInterval);
    }

    private void OnRequest(JoinRequest request)
    {
        if (!TryParse(request.From, out var from)) return;
        if (_promisedTo is not null && SameEndpoint(_promisedTo, from))
        {
            // The founder this node promised to join: join once it has founded, otherwise repeat the decision.
            if (request.FromInitialized)
            {
                JoinOther(from, null, request.FromMember ? from : null);
                Reply(from, JoinReply.Joining);
            }
            else
            {
                Reply(from, JoinReply.YouFound);
            }
            return;
        }
        if (_promisedTo is not null && !_joined)
        {
            // Answered as soon as the founder confirms (see FlushDeferred): until then no seed would accept the join.
            _deferredSince.TryAdd(from, DateTime.UtcNow);
            return;
        }
        if (!Decided && ShouldDefer(from))
        {
            _log.Debug("Deferring the join request of [{0}] until this node's own join is answered.", from);
            return;
        }
        _deferredSince.Remove(from);
        if (Decided)
        {
            Reply(from, JoinReply.JoinMe);
        }
        else if (request.FromInitialized)
        {
            JoinOther(from, null, request.FromMember ? from : null);
            Reply(from, JoinReply.Joining);
        }
        else if (_pending.Count == 0 || Compare(SelfAddress, from) < 0)
        {
            // A node that is not itself asking anyone founds when asked, whatever its address: then every node that asks it
            // joins it directly and at once, as with raw Akka's seed node. Relaying joins through a lower-addressed asker
            // spread them out, and a join that lands after the previous joiner's gossip exchange waits a gossip round
            // (about one more 200 ms tick to form a 3-node cluster).
            Found();
            Reply(from, JoinReply.JoinMe);
        }
        else
        {
            _promisedTo = from;
            _joinedVia = from;
            Timers.StartSingleTimer(PromiseExpired.Instance, PromiseExpired.Instance, _settings.RetryInterval * DeferralRetries);
            Reply(from, JoinReply.YouFound);
        }
    }

    private bool ShouldDefer(Address from)
    {
        if (_pending.Count == 0 || _pending.Keys.Any(target => SameEndpoint(target, from))) return false;
        var now = DateTime.UtcNow;
        if (!_deferredSince.TryGetValue(from, out var since)) _deferredSince[from] = since = now;
        return now - since < _settings.RetryInterval * DeferralRetries;
    }

    private void OnReply(JoinReply reply)
    {
        if (!TryParse(reply.From, out var from)) return;
        var key = _pending.Keys.FirstOrDefault(a => SameEndpoint(a, from));
        if (key is null) return;
        _pending.Remove(key);
        Timers.Cancel(key);
        switch (reply.Kind)
        {
            case JoinReply.JoinMe when !Decided:
                var via = reply.Via is not null && TryParse(reply.Via, out var parsedVia) ? parsedVia : null;
                JoinOther(from, via, reply.FromMember ? from : reply.ViaIsMember ? via : null);
                break;
            case JoinReply.JoinMe:
                _log.Debug("Node [{0}] accepted a join, but this node already belongs to a cluster.", from);
                break;
            case JoinReply.YouFound:
                Found();
                // Tell the other node that the cluster exists now; its reply (Joining) ends the retries.
                _pending[key] = DateTime.UtcNow + _settings.GiveUpAfter;
                SendRequest(key);
                break;
        }
    }

    private void OnPromiseExpired(PromiseExpired _)
    {
        if (_joined || _promisedTo is null) return;
        _log.Warning("Node [{0}] did not found the cluster it was asked to found; this node is free to join another.", _promisedTo);
        _promisedTo = null;
        _joinedVia = null;
        _joinedViaIsMember = false;
    }

    private void Found()
    {
        if (_joined) return;
        _joined = true;
        _member = true;
        _promisedTo = null;
        // A founder joined through nobody; a node it had promised to join is not a seed of this cluster.
        _joinedVia = null;
        _joinedViaIsMember = false;
        _log.Info("Founding a new cluster at [{0}].", SelfAddress);
        _cluster.Join(SelfAddress);
        FlushDeferred();
    }

    // Nodes that asked while this node was undecided get their answer now rather than at their next retry.
    private void FlushDeferred()
    {
        foreach (var waiting in _deferredSince.Keys) Reply(waiting, JoinReply.JoinMe);
        _deferredSince.Clear();
    }

    // member: the other node or its via, if it said that node is a member accepting Akka's Join.
    private void JoinOther(Address other, Address? via, Address? member)
    {
        if (_joined) return;
        _joined = true;
        _promisedTo = null;
        // Pass on a member if there is one, else the node nearest the cluster's founder: along a chain of joins the node
        // just asked is often not a member yet, and Akka refuses an InitJoin from a node that is not, until seed-node-timeout.
        _joinedVia = member ?? via ?? other;
        _joinedViaIsMember = member is not null;
        _log.Info("Joining the cluster of [{0}].", other);
        if (member is not null)
        {
            // Akka's Join goes straight to a known member. This saves the InitJoin round trip of seed-node joining, which
            // would otherwise come on top of the handshake's own round trip and make forming a cluster slower than with raw
            // Akka. A Join that is not welcomed is sent again after the retry interval (OnRejoinIfNotWelcomed).
            _cluster.Join(member);
            Timers.StartSingleTimer(RejoinIfNotWelcomed.Key, new RejoinIfNotWelcomed(member, DateTime.UtcNow + _settings.GiveUpAfter),
                _settings.RetryInterval);
        }
        else
        {
            // Seed-node joining sends InitJoin to every seed and joins the first member that answers; it retries until one does.
            _cluster.JoinSeedNodes(via is null ? [other] : [other, via]);
        }
        FlushDeferred();
    }

    // Akka's cluster daemon drops a Join that arrives before it has initialized, and Akka sends it again only after
    // retry-unsuccessful-join-after (10 s by default). Seen once: two nodes told by a founder that it was a member were never
    // welcomed, while a third that joined it 4 ms later was; the exact ordering that lost their Joins is not known.
    private void OnRejoinIfNotWelcomed(RejoinIfNotWelcomed check)
    {
        if (_member || _cluster.SelfMember.Status != AkkaMemberStatus.Removed || DateTime.UtcNow > check.GiveUpAt) return;
        _log.Debug("No welcome from [{0}] yet; sending the join again.", check.Member);
        _cluster.Join(check.Member);
        Timers.StartSingleTimer(RejoinIfNotWelcomed.Key, check, _settings.RetryInterval);
    }

    private void Reply(Address to, string kind) =>
        Context.ActorSelection(new RootActorPath(to) / "system" / Name)
            .Tell(new JoinReply(kind, SelfAddress.ToString(), _joinedVia?.ToString(), AcceptsJoin, _joinedViaIsMember));

    // Akka ignores a Join sent to a member that is Down or Exiting.
    private bool AcceptsJoin => _member && _cluster.SelfMember.Status is not (AkkaMemberStatus.Down or AkkaMemberStatus.Exiting);

    private bool TryParse(string address, out Address parsed)
    {
        try
        {
            parsed = Address.Parse(address);
            return parsed.Host is not null && parsed.Port is not null;
        }
        catch (Exception e)
        {
            _log.Warning("Dropped a join message with an invalid address [{0}]: {1}", address, e.Message);
            parsed = null!;
            return false;
        }
    }

    private static bool SameEndpoint(Address a, Address b) =>
        a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    private static int Compare(Address a, Address b) => Akka.Cluster.Member.AddressOrdering.Compare(a, b);

    /// <summary>Local command: join the node at <see cref="Target"/>.</summary>
    public sealed record JoinTo(Address Target);

    private sealed record Retry(Address Target);

    private sealed record RejoinIfNotWelcomed(Address Member, DateTime GiveUpAt)
    {
        public const string Key = "rejoin";
    }

    private sealed class MarkJoined
    {
        public static readonly MarkJoined Instance = new();
    }

    private sealed class MarkRemoved
    {
        public static readonly MarkRemoved Instance = new();
    }

    private sealed class PromiseExpired
    {
        public static readonly PromiseExpired Instance = new();
    }
}

/// <summary>
/// Sent to the join coordinator of another node: "I want to be in one cluster with you". <see cref="FromInitialized"/>: the
/// sender has founded or joined a cluster (or is joining one); <see cref="FromMember"/>: it is a member that accepts Akka's Join now.
/// </summary>
internal sealed record JoinRequest(string From, bool FromInitialized, bool FromMember) : IJoinMessage;

/// <summary>
/// The other node's decision: join it, it is joining you, or you found the cluster. <see cref="Via"/> is the node the sender
/// itself joined (or promised to join), if any: a second seed that is, or soon is, a member. <see cref="FromMember"/> says the
/// sender is a member that accepts Akka's Join now (it founded the cluster or is Up), so the receiver may join it directly;
/// <see cref="ViaIsMember"/> says the same of <see cref="Via"/>.
/// </summary>
internal sealed record JoinReply(string Kind, string From, string? Via, bool FromMember, bool ViaIsMember) : IJoinMessage
{
    public const string JoinMe = "join-me";
    public const string Joining = "joining";
    public const string YouFound = "you-found";
}
