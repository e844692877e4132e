using System.Collections.Immutable;
using Akka.Actor;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Akka.DistributedActors.Internal;

/// <summary>Where this node stands in forming a cluster.</summary>
internal enum JoinPhase
{
    /// <summary>Neither joined nor promised to join anyone.</summary>
    Undecided,

    /// <summary>Promised to join <see cref="JoinProtocol.PromisedTo"/> once that node has founded the cluster.</summary>
    Promised,

    /// <summary>Akka's join was called (or the node started already joining); not a member accepting Akka's Join (yet, or any more).</summary>
    Joined,

    /// <summary>A member that accepts Akka's Join: founded the cluster, or is Up, until removed.</summary>
    Member,
}

/// <summary>
/// The join protocol as a value: events and the current time in, the next state and the directives for its Akka shell
/// (<see cref="JoinCoordinator"/>) out. In Swift any two nodes can join; in Akka a node must already belong to a cluster before
/// others can join it, and two clusters never merge. So before joining, the two nodes agree on which of them belongs to a
/// cluster: a node that already does (or has promised to join one) is joined; if neither does, the asked node founds the
/// cluster when it is not itself asking anyone. When both are asking (simultaneous joins in both directions), the one with the
/// lower address founds and the other promises to join it, and does so when the founder confirms (joining before the founder
/// exists would only be refused and retried); both apply the same rule, so they still form one cluster.
/// A node whose own join is still unanswered does not decide for a third node (that could found a second cluster, e.g. b joins
/// a while c joins b); it stays silent, the third node retries, and gets its answer once this node has joined. A deferral ends
/// after <see cref="DeferralRetries"/> retry intervals, so a cycle of simultaneous joins (a to b, b to c, c to a) still
/// resolves by address; a promise holds as long. The first request goes together with Akka's <c>Identify</c> of the target's join
/// coordinator: a facade node answers the request at once, while a plain Akka.NET node drops it and answers that no coordinator
/// exists (its cluster daemon answering tells it from an unreachable node), and is joined with Akka's own seed-node join. A target
/// that stays silent is probed once in a while for the ActorSystem name it answers Akka's handshake with, to tell a wrong
/// ClusterName from a node that is not up yet. Contacts are re-sent until the target answers or the join is given up after
/// <see cref="JoinSettings.GiveUpAfter"/>.
/// </summary>
internal sealed record JoinProtocol
{
    /// <summary>How many retry intervals a third node's request may wait while this node's own join is pending, and how long a promise to join holds.</summary>
    public const int DeferralRetries = 10;

    /// <summary>Unanswered contacts before the first handshake probe of a silent target; it is probed again every <see cref="DeferralRetries"/> contacts.</summary>
    public const int ProbeAfterContacts = 1;

    private JoinProtocol(Address self, string clusterName, TimeSpan retryInterval, TimeSpan giveUpAfter, JoinPhase phase)
    {
        Self = self;
        ClusterName = clusterName;
        RetryInterval = retryInterval;
        GiveUpAfter = giveUpAfter;
        Phase = phase;
    }

    public Address Self { get; }

    public string ClusterName { get; }

    public TimeSpan RetryInterval { get; }

    public TimeSpan GiveUpAfter { get; }

    public JoinPhase Phase { get; private init; }

    /// <summary>The founder this node promised to join (phase <see cref="JoinPhase.Promised"/>).</summary>
    public Address? PromisedTo { get; private init; }

    /// <summary>The node this one joined (or promised to join): a member others can use as a second seed while this node is still joining.</summary>
    public Address? JoinedVia { get; private init; }

    /// <summary>Whether <see cref="JoinedVia"/> was a member accepting Akka's Join when this node joined it.</summary>
    public bool JoinedViaIsMember { get; private init; }

    /// <summary>Joins this node asked for and not yet answered, by target.</summary>
    public ImmutableDictionary<Address, JoinAttempt> Pending { get; private init; } = ImmutableDictionary<Address, JoinAttempt>.Empty;

    /// <summary>Nodes whose requests wait for this node's own join, with the time the first of them was held back.</summary>
    public ImmutableDictionary<Address, DateTime> Deferred { get; private init; } = ImmutableDictionary<Address, DateTime>.Empty;

    /// <summary>The member whose welcome this node waits for after sending it Akka's Join directly.</summary>
    public RejoinWatch? Rejoin { get; private init; }

    /// <summary>Whether this node has founded or joined a cluster (or is joining one): the <c>FromInitialized</c> of its requests.</summary>
    public bool Initialized => Phase is JoinPhase.Joined or JoinPhase.Member;

    private bool Decided => Phase != JoinPhase.Undecided;

    public static JoinProtocol Start(Address self, string clusterName, JoinSettings settings, bool alreadyJoining) =>
        new(self, clusterName, settings.RetryInterval, settings.GiveUpAfter, alreadyJoining ? JoinPhase.Joined : JoinPhase.Undecided);

    /// <summary>The next state and what the shell must do, for <paramref name="e"/> happening at <paramref name="now"/>.</summary>
    public JoinStep On(JoinEvent e, DateTime now)
    {
        var t = new Transition(this, now);
        switch (e)
        {
            case JoinEvent.JoinAsked asked: t.OnJoinAsked(asked.Target); break;
            case JoinEvent.RequestReceived request: t.OnRequest(request.Request); break;
            case JoinEvent.ReplyReceived reply: t.OnReply(reply.Reply); break;
            case JoinEvent.RetryDue retry: t.Contact(retry.Target); break;
            case JoinEvent.TargetAlive alive: t.OnTargetAlive(alive.Target, alive.Round); break;
            case JoinEvent.IdentifyAnswered identified: t.OnCoordinatorIdentified(identified.Target, identified.Round, identified.CoordinatorFound); break;
            case JoinEvent.ProbeAnswered probe: t.OnProbe(probe.Target, probe.SystemName, probe.Failure); break;
            case JoinEvent.PromiseExpired: t.OnPromiseExpired(); break;
            case JoinEvent.RejoinDue rejoin: t.OnRejoinDue(rejoin.Welcomed); break;
            case JoinEvent.BecameMember: t.Phase = JoinPhase.Member; break;
            case JoinEvent.Removed: if (t.Phase == JoinPhase.Member) t.Phase = JoinPhase.Joined; break;
            default: throw new ArgumentOutOfRangeException(nameof(e), e, "Unknown join event.");
        }
        return t.Result();
    }

    /// <summary>The one-line reason a join to <paramref name="target"/> was given up.</summary>
    public string GiveUpReason(Address target, JoinAttempt attempt, DateTime now)
    {
        var outcome = attempt.Identified ? "its join coordinator never answered the handshake" : attempt.LastProbe ?? "got no answer";
        return $"Join of {target} given up after {(now - attempt.Started).TotalSeconds:0.#} s (JoinSettings.GiveUpAfter): contacted it " +
               $"{attempt.Contacts} times every {RetryInterval.TotalMilliseconds:0} ms and {outcome}. Check that a node is running at " +
               $"{target.Host}:{target.Port} with ActorSystem name '{ClusterName}' (ClusterName) and that this node can reach it.";
    }

    /// <summary>The one-line reason a join fails when the target answers Akka's handshake under another ActorSystem name.</summary>
    public string NameMismatchReason(Address target, string theirName) =>
        $"Cannot join {target.Host}:{target.Port}: the node there is ActorSystem '{theirName}', but this node's ClusterName is " +
        $"'{ClusterName}'; Akka.NET only forms clusters of one ActorSystem name. Set ClusterName to '{theirName}' on this node " +
        "(or give that node this node's name).";

    private static bool SameEndpoint(Address a, Address b) =>
        a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    private static int Compare(Address a, Address b) => Akka.Cluster.Member.AddressOrdering.Compare(a, b);

    private static bool TryParse(string address, out Address parsed, out string? error)
    {
        try
        {
            parsed = Address.Parse(address);
            error = parsed.Host is not null && parsed.Port is not null ? null : "no host or port";
        }
        catch (Exception e)
        {
            parsed = null!;
            error = e.Message;
        }
        return error is null;
    }

    // One step's working copy: mutated while deciding, then frozen into the next JoinProtocol.
    private sealed class Transition(JoinProtocol state, DateTime now)
    {
        private readonly ImmutableArray<JoinDirective>.Builder _directives = ImmutableArray.CreateBuilder<JoinDirective>();
        private readonly ImmutableDictionary<Address, JoinAttempt>.Builder _pending = state.Pending.ToBuilder();
        private readonly ImmutableDictionary<Address, DateTime>.Builder _deferred = state.Deferred.ToBuilder();
        private Address? _promisedTo = state.PromisedTo;
        private Address? _joinedVia = state.JoinedVia;
        private bool _joinedViaIsMember = state.JoinedViaIsMember;
        private RejoinWatch? _rejoin = state.Rejoin;

        public JoinPhase Phase { get; set; } = state.Phase;

        private Address Self => state.Self;

        private bool Decided => Phase != JoinPhase.Undecided;

        public JoinStep Result() => new(state with
        {
            Phase = Phase,
            PromisedTo = _promisedTo,
            JoinedVia = _joinedVia,
            JoinedViaIsMember = _joinedViaIsMember,
            Pending = _pending.ToImmutable(),
            Deferred = _deferred.ToImmutable(),
            Rejoin = _rejoin,
        }, _directives.ToImmutable());

        public void OnJoinAsked(Address target)
        {
            if (SameEndpoint(target, Self))
            {
                // Joining yourself founds a new cluster (Akka's rule); in Swift it is ignored, and the membership stays the same.
                Found();
                return;
            }
            _pending[target] = new JoinAttempt(now, now + state.GiveUpAfter);
            Contact(target);
        }

        // The request goes with the first contact, so a node that runs the facade answers it in one round trip (the same
        // count as Akka's InitJoin). The Identify of the target's join coordinator that goes with it tells a plain Akka.NET
        // node, where the request is dropped, from a node that is not up yet. Again every retry interval until the target
        // answers or the join is given up.
        public void Contact(Address target)
        {
            if (!_pending.TryGetValue(target, out var attempt)) return;
            if (now > attempt.GiveUpAt)
            {
                _pending.Remove(target);
                Emit(new JoinDirective.GiveUp(target, state.GiveUpReason(target, attempt, now), false));
                return;
            }
            if (!attempt.Identified)
            {
                Emit(new JoinDirective.IdentifyCoordinator(target, attempt.Contacts));
                if (attempt.Contacts >= ProbeAfterContacts && (attempt.Contacts - ProbeAfterContacts) % DeferralRetries == 0)
                    Emit(new JoinDirective.Probe(target));
            }
            Emit(new JoinDirective.SendRequest(target, Initialized));
            _pending[target] = attempt with { Contacts = attempt.Contacts + 1 };
            Emit(new JoinDirective.StartTimer(new JoinTimer.Retry(target), state.RetryInterval));
        }

        // A found coordinator got the request sent with its Identify: its answer, or the retry's request, follows. "None"
        // comes back both from a plain Akka.NET node and when Akka could not send the Identify at all (the target
        // unreachable), so only then is the target's cluster daemon identified too: a plain node answers it in the same round.
        public void OnCoordinatorIdentified(Address target, int round, bool found)
        {
            var key = PendingKey(target);
            if (key is null || _pending[key].Identified) return;
            if (found)
            {
                _pending[key] = _pending[key] with { Identified = true };
                return;
            }
            _pending[key] = _pending[key] with { MissingRound = round };
            Emit(new JoinDirective.IdentifyDaemon(key, round));
        }

        public void OnTargetAlive(Address target, int round)
        {
            var key = PendingKey(target);
            if (key is null || _pending[key].Identified || round != _pending[key].MissingRound) return;
            // No join coordinator there: a plain Akka.NET node, which can only be joined with Akka's own join.
            EndAttempt(key);
            if (Decided)
            {
                Log(AkkaLogLevel.InfoLevel, $"Node {Endpoint(key)} runs plain Akka.NET, but this node already belongs to a cluster; clusters never merge.");
                return;
            }
            Phase = JoinPhase.Joined;
            _promisedTo = null;
            _joinedVia = key;
            _joinedViaIsMember = false;
            Log(AkkaLogLevel.InfoLevel, $"Joining the cluster of {Endpoint(key)} (plain Akka.NET, through Akka's seed-node join).");
            Emit(new JoinDirective.JoinSeedNodes([key]));
            FlushDeferred();
        }

        public void OnProbe(Address target, string? systemName, string? failure)
        {
            var key = PendingKey(target);
            if (key is null) return;
            if (systemName is not null && !string.Equals(systemName, state.ClusterName, StringComparison.Ordinal))
            {
                EndAttempt(key);
                Emit(new JoinDirective.GiveUp(key, state.NameMismatchReason(key, systemName), true));
                return;
            }
            var seen = systemName is not null
                ? $"an Akka.NET node named '{systemName}' answered the transport handshake but not the join"
                : $"the last transport probe failed ({failure})";
            _pending[key] = _pending[key] with { LastProbe = seen };
        }

        public void OnRequest(JoinRequest request)
        {
            if (!TryParse(request.From, out var from, out var error))
            {
                Log(AkkaLogLevel.WarningLevel, $"Dropped a join message with an invalid address [{request.From}]: {error}");
                return;
            }
            if (Phase == JoinPhase.Promised && SameEndpoint(_promisedTo!, from))
            {
                // The founder this node promised to join: join once it has founded, otherwise repeat the decision.
                if (request.FromInitialized)
                {
                    JoinOther(from, null, request.FromMember ? from : null);
                    Reply(from, JoinReplyKind.Joining);
                }
                else
                {
                    Reply(from, JoinReplyKind.YouFound);
                }
                return;
            }
            if (Phase == JoinPhase.Promised)
            {
                // Answered as soon as the founder confirms (see FlushDeferred): until then no seed would accept the join.
                _deferred.TryAdd(from, now);
                return;
            }
            if (!Decided && ShouldDefer(from))
            {
                Log(AkkaLogLevel.DebugLevel, $"Deferring the join request of [{from}] until this node's own join is answered.");
                return;
            }
            _deferred.Remove(from);
            if (Decided)
            {
                Reply(from, JoinReplyKind.JoinMe);
            }
            else if (request.FromInitialized)
            {
                JoinOther(from, null, request.FromMember ? from : null);
                Reply(from, JoinReplyKind.Joining);
            }
            else if (_pending.Count == 0 || Compare(Self, from) < 0)
            {
                // A node that is not itself asking anyone founds when asked, whatever its address: then every node that asks it
                // joins it directly and at once, as with raw Akka's seed node. Relaying joins through a lower-addressed asker
                // spreads them out, and a join that lands after the previous joiner's gossip exchange waits a gossip round.
                Found();
                Reply(from, JoinReplyKind.JoinMe);
            }
            else
            {
                Phase = JoinPhase.Promised;
                _promisedTo = from;
                _joinedVia = from;
                Emit(new JoinDirective.StartTimer(JoinTimer.Promise.Instance, state.RetryInterval * DeferralRetries));
                Reply(from, JoinReplyKind.YouFound);
            }
        }

        public void OnReply(JoinReply reply)
        {
            if (!TryParse(reply.From, out var from, out var error))
            {
                Log(AkkaLogLevel.WarningLevel, $"Dropped a join message with an invalid address [{reply.From}]: {error}");
                return;
            }
            var key = PendingKey(from);
            if (key is null) return;
            EndAttempt(key);
            switch (reply.Kind)
            {
                case JoinReplyKind.JoinMe when !Decided:
                    var via = reply.Via is not null && TryParse(reply.Via, out var parsedVia, out _) ? parsedVia : null;
                    JoinOther(from, via, reply.FromMember ? from : reply.ViaIsMember ? via : null);
                    break;
                case JoinReplyKind.JoinMe:
                    Log(AkkaLogLevel.DebugLevel, $"Node [{from}] accepted a join, but this node already belongs to a cluster.");
                    break;
                case JoinReplyKind.YouFound:
                    Found();
                    // Tell the other node that the cluster exists now; its reply (Joining) ends the retries.
                    _pending[key] = new JoinAttempt(now, now + state.GiveUpAfter, Identified: true);
                    Contact(key);
                    break;
            }
        }

        public void OnPromiseExpired()
        {
            if (Phase != JoinPhase.Promised) return;
            Log(AkkaLogLevel.WarningLevel, $"Node {Endpoint(_promisedTo!)} did not found the cluster it was asked to found; this node is free to join another.");
            Phase = JoinPhase.Undecided;
            _promisedTo = null;
            _joinedVia = null;
            _joinedViaIsMember = false;
        }

        // Akka's cluster daemon drops a Join that arrives before it has initialized, and Akka sends it again only after
        // retry-unsuccessful-join-after (10 s by default); until this node is welcomed the Join goes again every retry interval.
        public void OnRejoinDue(bool welcomed)
        {
            if (_rejoin is not { } rejoin) return;
            if (Phase == JoinPhase.Member || welcomed || now > rejoin.GiveUpAt)
            {
                _rejoin = null;
                return;
            }
            Log(AkkaLogLevel.DebugLevel, $"No welcome from [{rejoin.Member}] yet; sending the join again.");
            Emit(new JoinDirective.JoinMember(rejoin.Member));
            Emit(new JoinDirective.StartTimer(JoinTimer.Rejoin.Instance, state.RetryInterval));
        }

        private bool Initialized => Phase is JoinPhase.Joined or JoinPhase.Member;

        private bool ShouldDefer(Address from)
        {
            if (_pending.Count == 0 || _pending.Keys.Any(target => SameEndpoint(target, from))) return false;
            if (!_deferred.TryGetValue(from, out var since)) _deferred[from] = since = now;
            return now - since < state.RetryInterval * DeferralRetries;
        }

        private void Found()
        {
            if (Initialized) return;
            Phase = JoinPhase.Member;
            _promisedTo = null;
            // A founder joined through nobody; a node it had promised to join is not a seed of this cluster.
            _joinedVia = null;
            _joinedViaIsMember = false;
            Emit(JoinDirective.Found.Instance);
            FlushDeferred();
        }

        // member: the other node or its via, if it said that node is a member accepting Akka's Join.
        private void JoinOther(Address other, Address? via, Address? member)
        {
            if (Initialized) return;
            Phase = JoinPhase.Joined;
            _promisedTo = null;
            // Pass on a member if there is one, else the node nearest the cluster's founder: along a chain of joins the node
            // just asked is often not a member yet, and Akka refuses an InitJoin from a node that is not, until seed-node-timeout.
            _joinedVia = member ?? via ?? other;
            _joinedViaIsMember = member is not null;
            Log(AkkaLogLevel.InfoLevel, $"Joining the cluster of {Endpoint(other)}.");
            if (member is not null)
            {
                // Akka's Join goes straight to a known member: it saves the InitJoin round trip of seed-node joining, which would
                // come on top of the handshake's own round trip. A Join that is not welcomed goes again (OnRejoinDue).
                Emit(new JoinDirective.JoinMember(member));
                _rejoin = new RejoinWatch(member, now + state.GiveUpAfter);
                Emit(new JoinDirective.StartTimer(JoinTimer.Rejoin.Instance, state.RetryInterval));
            }
            else
            {
                // Seed-node joining sends InitJoin to every seed and joins the first member that answers; it retries until one does.
                Emit(new JoinDirective.JoinSeedNodes(via is null ? [other] : [other, via]));
            }
            FlushDeferred();
        }

        // Nodes that asked while this node was undecided get their answer now rather than at their next retry.
        private void FlushDeferred()
        {
            foreach (var waiting in _deferred.Keys) Reply(waiting, JoinReplyKind.JoinMe);
            _deferred.Clear();
        }

        private void Reply(Address to, JoinReplyKind kind) => Emit(new JoinDirective.SendReply(to, kind, _joinedVia, _joinedViaIsMember));

        private Address? PendingKey(Address from) => _pending.Keys.FirstOrDefault(a => SameEndpoint(a, from));

        private void EndAttempt(Address key)
        {
            _pending.Remove(key);
            Emit(new JoinDirective.CancelTimer(new JoinTimer.Retry(key)));
        }

        private void Log(AkkaLogLevel level, string message) => Emit(new JoinDirective.Log(level, message));

        // Where only an endpoint is known (a node's name and Nid come with its handshake), lines name it as host:port, the
        // way every line of this library prints a node it cannot name (docs/mapping.md).
        private static string Endpoint(Address address) => $"{address.Host}:{address.Port}";

        private void Emit(JoinDirective directive) => _directives.Add(directive);
    }
}

/// <summary>One join this node asked for: since when, until when, how often the target was contacted and what was learned.</summary>
internal sealed record JoinAttempt(DateTime Started, DateTime GiveUpAt, bool Identified = false, int Contacts = 0, string? LastProbe = null,
    int? MissingRound = null);

/// <summary>A direct Akka Join sent to <see cref="Member"/>, re-sent until this node is welcomed or <see cref="GiveUpAt"/>.</summary>
internal sealed record RejoinWatch(Address Member, DateTime GiveUpAt);

/// <summary>The result of one <see cref="JoinProtocol.On"/>: the next state and the directives, in order.</summary>
internal sealed record JoinStep(JoinProtocol Next, ImmutableArray<JoinDirective> Directives);

/// <summary>What happens to the join protocol.</summary>
internal abstract record JoinEvent
{
    /// <summary><c>Cluster.Join(target)</c> was called.</summary>
    public sealed record JoinAsked(Address Target) : JoinEvent;

    public sealed record RequestReceived(JoinRequest Request) : JoinEvent;

    public sealed record ReplyReceived(JoinReply Reply) : JoinEvent;

    /// <summary>The retry interval of the join to <see cref="Target"/> passed.</summary>
    public sealed record RetryDue(Address Target) : JoinEvent;

    /// <summary>The target's Akka cluster daemon answered the Identify of contact <see cref="Round"/>: the target runs and is reachable, so a missing join coordinator means a plain Akka.NET node.</summary>
    public sealed record TargetAlive(Address Target, int Round) : JoinEvent;

    /// <summary>Akka's Identify of the target's join coordinator was answered; <see cref="CoordinatorFound"/> false: a plain Akka.NET node, or Akka could not reach the target.</summary>
    public sealed record IdentifyAnswered(Address Target, int Round, bool CoordinatorFound) : JoinEvent;

    /// <summary>A transport handshake with the target's endpoint gave its ActorSystem name, or failed for <see cref="Failure"/>.</summary>
    public sealed record ProbeAnswered(Address Target, string? SystemName, string? Failure) : JoinEvent;

    public sealed record PromiseExpired : JoinEvent
    {
        public static readonly PromiseExpired Instance = new();
    }

    /// <summary>The retry interval after a direct Join passed; <see cref="Welcomed"/>: this node is in a cluster's gossip now.</summary>
    public sealed record RejoinDue(bool Welcomed) : JoinEvent;

    /// <summary>This node became Up.</summary>
    public sealed record BecameMember : JoinEvent
    {
        public static readonly BecameMember Instance = new();
    }

    /// <summary>This node was removed from its cluster.</summary>
    public sealed record Removed : JoinEvent
    {
        public static readonly Removed Instance = new();
    }
}

/// <summary>What the shell must do; the shell adds the facts only Akka knows (this node's address, whether Akka accepts a Join here now).</summary>
internal abstract record JoinDirective
{
    /// <summary>Found a new cluster: Akka's join of this node itself.</summary>
    public sealed record Found : JoinDirective
    {
        public static readonly Found Instance = new();
    }

    /// <summary>Akka's Join straight to a member.</summary>
    public sealed record JoinMember(Address Member) : JoinDirective;

    /// <summary>Akka's seed-node join through <see cref="Seeds"/>.</summary>
    public sealed record JoinSeedNodes(ImmutableArray<Address> Seeds) : JoinDirective
    {
        public bool Equals(JoinSeedNodes? other) => other is not null && Seeds.SequenceEqual(other.Seeds);

        public override int GetHashCode() => Seeds.Length;
    }

    public sealed record SendRequest(Address To, bool FromInitialized) : JoinDirective;

    public sealed record SendReply(Address To, JoinReplyKind Kind, Address? Via, bool ViaIsMember) : JoinDirective;

    /// <summary>Akka's Identify of the join coordinator at <see cref="Target"/>, for contact <see cref="Round"/>.</summary>
    public sealed record IdentifyCoordinator(Address Target, int Round) : JoinDirective;

    /// <summary>Akka's Identify of the cluster daemon at <see cref="Target"/>, whose join coordinator was not found in contact <see cref="Round"/>.</summary>
    public sealed record IdentifyDaemon(Address Target, int Round) : JoinDirective;

    /// <summary>A transport handshake with <see cref="Target"/>'s endpoint to learn its ActorSystem name.</summary>
    public sealed record Probe(Address Target) : JoinDirective;

    public sealed record StartTimer(JoinTimer Timer, TimeSpan Delay) : JoinDirective;

    public sealed record CancelTimer(JoinTimer Timer) : JoinDirective;

    /// <summary>The join to <see cref="Target"/> failed: log <see cref="Reason"/> (an error when <see cref="IsError"/>) and fail whoever waits for it.</summary>
    public sealed record GiveUp(Address Target, string Reason, bool IsError) : JoinDirective;

    public sealed record Log(AkkaLogLevel Level, string Message) : JoinDirective;
}

/// <summary>The protocol's timers; each is its own key.</summary>
internal abstract record JoinTimer
{
    public sealed record Retry(Address Target) : JoinTimer;

    public sealed record Promise : JoinTimer
    {
        public static readonly Promise Instance = new();
    }

    public sealed record Rejoin : JoinTimer
    {
        public static readonly Rejoin Instance = new();
    }
}
