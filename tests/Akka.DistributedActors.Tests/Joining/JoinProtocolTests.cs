using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Joining;

/// <summary>
/// The join protocol without a network: a few protocol values exchange their directives through an in-memory network with a
/// virtual clock, in the orders the tests choose.
/// </summary>
public sealed class JoinProtocolTests
{
    private static readonly JoinSettings Settings = new() { RetryInterval = TimeSpan.FromMilliseconds(500), GiveUpAfter = TimeSpan.FromSeconds(60) };
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Ordered by port: A is the lowest address.
    private static readonly Address A = Addr(7001);
    private static readonly Address B = Addr(7002);
    private static readonly Address C = Addr(7003);

    private static Address Addr(int port) => new("akka.tcp", "ClusterSystem", "127.0.0.1", port);

    [Fact]
    public void Simultaneous_joins_both_ways_lower_address_founds_and_higher_joins_it_after_confirmation()
    {
        foreach (var lowerFirst in new[] { true, false })
        {
            var net = new Net(A, B);
            net.Ask(lowerFirst ? A : B, lowerFirst ? B : A);
            net.Ask(lowerFirst ? B : A, lowerFirst ? A : B);

            net.RunUntilQuiet();

            Assert.Equal([A], net.Founders);
            Assert.Equal(A, net.JoinedVia(B));
            Assert.All(net.Nodes, n => Assert.Empty(net.State(n).Pending));
        }
    }

    [Fact]
    public void Higher_node_that_is_asked_while_asking_promises_and_joins_only_when_the_founder_confirms()
    {
        var net = new Net(A, B);
        net.Ask(A, B);
        net.Ask(B, A);
        net.DeliverIdentifies();
        // A's request reaches B first: B is asking A itself and has the higher address, so it promises to join A and asks A to found.
        net.Deliver(m => m.To == B && m.Event is JoinEvent.RequestReceived);

        Assert.Equal(JoinPhase.Promised, net.State(B).Phase);
        Assert.Equal(A, net.State(B).PromisedTo);
        Assert.Empty(net.Joins(B));
        Assert.Contains(net.Outbox, m => m.To == A && m.Event is JoinEvent.ReplyReceived { Reply.Kind: JoinReplyKind.YouFound });

        net.RunUntilQuiet();

        Assert.Equal([A], net.Founders);
        Assert.Equal(A, net.JoinedVia(B));
    }

    [Fact]
    public void A_cycle_of_three_simultaneous_joins_forms_one_cluster_after_the_deferrals_end()
    {
        var net = new Net(A, B, C);
        net.Ask(A, B);
        net.Ask(B, C);
        net.Ask(C, A);

        net.RunUntilQuiet();
        // Each node defers the third node's request while its own join is pending, so nothing is decided at once.
        Assert.Empty(net.Founders);

        net.RunFor(Settings.RetryInterval * (JoinProtocol.DeferralRetries + 4));

        Assert.Single(net.Founders);
        Assert.All(net.Nodes, n => Assert.Equal(net.Founders[0], net.ClusterOf(n)));
    }

    [Fact]
    public void A_third_node_asking_a_node_whose_own_join_is_pending_waits_and_is_answered_when_that_join_is_decided()
    {
        var net = new Net(A, B, C);
        net.Ask(B, A);
        net.DeliverIdentifies();
        net.Ask(C, B);
        net.DeliverIdentifies();
        // B's own request to A is in flight; C's request reaches B first.
        net.Deliver(m => m.To == B);

        Assert.Equal(JoinPhase.Undecided, net.State(B).Phase);
        Assert.True(net.State(B).Deferred.ContainsKey(C));
        Assert.DoesNotContain(net.Outbox, m => m.To == C);

        net.RunUntilQuiet();

        Assert.Equal([A], net.Founders);
        Assert.Equal(A, net.ClusterOf(B));
        Assert.Equal(A, net.ClusterOf(C));
        // C was told at once, through B's flushed deferral, not at its next retry.
        Assert.Equal(T0, net.Now);
    }

    [Fact]
    public void A_lost_join_request_is_sent_again_at_the_next_retry()
    {
        var net = new Net(A, B);
        net.Drop(m => m.To == A && m.Event is JoinEvent.RequestReceived);
        net.Ask(B, A);

        net.RunUntilQuiet();
        Assert.Empty(net.Founders);

        net.RunFor(Settings.RetryInterval);

        Assert.Equal([A], net.Founders);
        Assert.Equal(A, net.JoinedVia(B));
    }

    [Fact]
    public void A_direct_akka_join_that_is_not_welcomed_is_sent_again_until_it_is()
    {
        var step = Protocol(B).On(new JoinEvent.JoinAsked(A), T0);
        step = step.Next.On(new JoinEvent.IdentifyAnswered(A, 0, true), T0);
        step = step.Next.On(new JoinEvent.ReplyReceived(new JoinReply(JoinReplyKind.JoinMe, A.ToString(), null, FromMember: true, false)), T0);
        Assert.Contains(new JoinDirective.JoinMember(A), step.Directives.AsEnumerable());
        Assert.Contains(new JoinDirective.StartTimer(JoinTimer.Rejoin.Instance, Settings.RetryInterval), step.Directives.AsEnumerable());

        var again = step.Next.On(new JoinEvent.RejoinDue(Welcomed: false), T0 + Settings.RetryInterval);
        Assert.Equal([new JoinDirective.Log(Akka.Event.LogLevel.DebugLevel, $"No welcome from [{A}] yet; sending the join again."),
            new JoinDirective.JoinMember(A), new JoinDirective.StartTimer(JoinTimer.Rejoin.Instance, Settings.RetryInterval)], again.Directives.AsEnumerable());

        var welcomed = again.Next.On(new JoinEvent.RejoinDue(Welcomed: true), T0 + Settings.RetryInterval * 2);
        Assert.Empty(welcomed.Directives.AsEnumerable());
        Assert.Null(welcomed.Next.Rejoin);
    }

    [Fact]
    public void A_promise_that_the_founder_never_confirms_expires_and_the_node_is_free_to_decide_again()
    {
        var b = Protocol(B).On(new JoinEvent.JoinAsked(A), T0).Next;
        var promised = b.On(new JoinEvent.RequestReceived(new JoinRequest(A.ToString(), false, false)), T0);
        Assert.Equal(JoinPhase.Promised, promised.Next.Phase);
        Assert.Contains(new JoinDirective.SendReply(A, JoinReplyKind.YouFound, A, false), promised.Directives.AsEnumerable());
        Assert.Contains(new JoinDirective.StartTimer(JoinTimer.Promise.Instance, Settings.RetryInterval * JoinProtocol.DeferralRetries), promised.Directives.AsEnumerable());

        var expired = promised.Next.On(JoinEvent.PromiseExpired.Instance, T0 + Settings.RetryInterval * JoinProtocol.DeferralRetries);

        Assert.Equal(JoinPhase.Undecided, expired.Next.Phase);
        Assert.Null(expired.Next.PromisedTo);
        Assert.Null(expired.Next.JoinedVia);
        Assert.Equal([new JoinDirective.Log(Akka.Event.LogLevel.WarningLevel,
            $"Node {A.Host}:{A.Port} did not found the cluster it was asked to found; this node is free to join another.")], expired.Directives.AsEnumerable());
        // Free again: once A has founded after all, its request is joined.
        var joined = expired.Next.On(new JoinEvent.RequestReceived(new JoinRequest(A.ToString(), true, true)), T0 + TimeSpan.FromSeconds(6));
        Assert.Contains(new JoinDirective.JoinMember(A), joined.Directives.AsEnumerable());
    }

    [Fact]
    public void A_join_nobody_answers_is_given_up_with_one_line_naming_target_duration_attempts_and_what_to_check()
    {
        var net = new Net(A);
        var nowhere = Addr(7999);
        net.Ask(A, nowhere);

        net.RunFor(Settings.GiveUpAfter + Settings.RetryInterval);

        var giveUp = Assert.Single(net.GiveUps);
        Assert.Equal(nowhere, giveUp.Target);
        Assert.False(giveUp.IsError);
        Assert.Equal("Join of akka.tcp://ClusterSystem@127.0.0.1:7999 given up after 60.5 s (JoinSettings.GiveUpAfter): contacted it 121 times " +
                     "every 500 ms and the last transport probe failed (a TCP connection to 127.0.0.1:7999 failed (ConnectionRefused)). " +
                     "Check that a node is running at 127.0.0.1:7999 with ActorSystem name 'ClusterSystem' (ClusterName) and that this node can reach it.",
            giveUp.Reason);
        Assert.Empty(net.State(A).Pending);
        Assert.Equal(JoinPhase.Undecided, net.State(A).Phase);
        // Probed after two silent contacts and then every DeferralRetries contacts, not on every retry.
        Assert.Equal(12, net.Probes);
    }

    [Fact]
    public void A_target_that_has_another_actor_system_name_fails_the_join_with_both_names()
    {
        var step = Protocol(A).On(new JoinEvent.JoinAsked(B), T0);
        for (var i = 1; i <= JoinProtocol.ProbeAfterContacts; i++) step = step.Next.On(new JoinEvent.RetryDue(B), T0 + Settings.RetryInterval * i);
        Assert.Contains(new JoinDirective.Probe(B), step.Directives.AsEnumerable());

        var answered = step.Next.On(new JoinEvent.ProbeAnswered(B, "OtherSystem", null), T0 + Settings.RetryInterval * 2);

        Assert.Equal([new JoinDirective.CancelTimer(new JoinTimer.Retry(B)), new JoinDirective.GiveUp(B,
            "Cannot join 127.0.0.1:7002: the node there is ActorSystem 'OtherSystem', but this node's ClusterName is 'ClusterSystem'; " +
            "Akka.NET only forms clusters of one ActorSystem name. Set ClusterName to 'OtherSystem' on this node (or give that node this node's name).",
            IsError: true)], answered.Directives.AsEnumerable());
        Assert.Empty(answered.Next.Pending);
    }

    [Fact]
    public void The_first_contact_carries_the_request_so_a_facade_target_is_joined_after_one_round_trip()
    {
        var step = Protocol(B).On(new JoinEvent.JoinAsked(A), T0);
        Assert.Equal([new JoinDirective.IdentifyCoordinator(A, 0), new JoinDirective.SendRequest(A, false),
            new JoinDirective.StartTimer(new JoinTimer.Retry(A), Settings.RetryInterval)], step.Directives.AsEnumerable());

        // The coordinator's answer to the Identify comes before its reply (same sender, same recipient): the request already went.
        var found = step.Next.On(new JoinEvent.IdentifyAnswered(A, 0, CoordinatorFound: true), T0);
        Assert.Empty(found.Directives.AsEnumerable());

        var joined = found.Next.On(new JoinEvent.ReplyReceived(new JoinReply(JoinReplyKind.JoinMe, A.ToString(), null, FromMember: true, false)), T0);
        Assert.Contains(new JoinDirective.JoinMember(A), joined.Directives.AsEnumerable());
        Assert.Empty(joined.Next.Pending);

        // An identified target that stays silent (deferring) gets the request again, without another Identify.
        var retry = found.Next.On(new JoinEvent.RetryDue(A), T0 + Settings.RetryInterval);
        Assert.Equal([new JoinDirective.SendRequest(A, false), new JoinDirective.StartTimer(new JoinTimer.Retry(A), Settings.RetryInterval)],
            retry.Directives.AsEnumerable());
    }

    [Fact]
    public void A_reachable_target_without_a_join_coordinator_is_joined_with_akkas_seed_node_join_at_once()
    {
        var step = Protocol(B).On(new JoinEvent.JoinAsked(A), T0);

        // "None" also comes back when Akka could not send the Identify at all (A unreachable): alone it proves nothing, so the
        // target's cluster daemon is identified for the same contact.
        var missing = step.Next.On(new JoinEvent.IdentifyAnswered(A, 0, CoordinatorFound: false), T0);
        Assert.Equal([new JoinDirective.IdentifyDaemon(A, 0)], missing.Directives.AsEnumerable());
        // A daemon's answer for another contact proves nothing either.
        var otherRound = missing.Next.On(new JoinEvent.TargetAlive(A, 1), T0);
        Assert.Empty(otherRound.Directives.AsEnumerable());
        Assert.Equal(JoinPhase.Undecided, otherRound.Next.Phase);

        var plain = otherRound.Next.On(new JoinEvent.TargetAlive(A, 0), T0);

        Assert.Contains(new JoinDirective.JoinSeedNodes([A]), plain.Directives.AsEnumerable());
        Assert.Contains(new JoinDirective.CancelTimer(new JoinTimer.Retry(A)), plain.Directives.AsEnumerable());
        Assert.DoesNotContain(plain.Directives, d => d is JoinDirective.SendRequest);
        Assert.Equal(JoinPhase.Joined, plain.Next.Phase);
        Assert.Empty(plain.Next.Pending);
    }

    [Fact]
    public void A_node_that_became_a_member_answers_join_me_as_a_member_and_not_after_removal()
    {
        var member = Protocol(B, alreadyJoining: true).On(JoinEvent.BecameMember.Instance, T0).Next;
        Assert.Equal(JoinPhase.Member, member.Phase);
        var removed = member.On(JoinEvent.Removed.Instance, T0).Next;
        Assert.Equal(JoinPhase.Joined, removed.Phase);
        Assert.Equal([new JoinDirective.SendReply(C, JoinReplyKind.JoinMe, null, false)],
            removed.On(new JoinEvent.RequestReceived(new JoinRequest(C.ToString(), false, false)), T0).Directives.AsEnumerable());
    }

    [Fact]
    public void A_join_message_with_an_invalid_address_is_logged_and_dropped()
    {
        var step = Protocol(A).On(new JoinEvent.RequestReceived(new JoinRequest("not an address", false, false)), T0);

        var log = Assert.IsType<JoinDirective.Log>(Assert.Single(step.Directives));
        Assert.StartsWith("Dropped a join message with an invalid address [not an address]", log.Message);
        Assert.Equal(JoinPhase.Undecided, step.Next.Phase);
    }

    private static JoinProtocol Protocol(Address self, bool alreadyJoining = false) => JoinProtocol.Start(self, "ClusterSystem", Settings, alreadyJoining);

    /// <summary>Protocol values wired to each other: directives become events of the addressed node, timers fire on a virtual clock.</summary>
    private sealed class Net
    {
        private readonly Dictionary<Address, JoinProtocol> _nodes = new();
        private readonly List<(DateTime Due, Address Node, JoinTimer Timer)> _timers = [];
        private readonly Dictionary<Address, Address?> _joinedVia = new();
        private readonly List<Func<Message, bool>> _drops = [];

        public Net(params Address[] nodes)
        {
            foreach (var n in nodes) _nodes[n] = Protocol(n);
        }

        public DateTime Now { get; private set; } = T0;

        public List<Message> Outbox { get; } = [];

        public List<Address> Founders { get; } = [];

        public List<JoinDirective.GiveUp> GiveUps { get; } = [];

        public int Probes { get; private set; }

        public IEnumerable<Address> Nodes => _nodes.Keys;

        public JoinProtocol State(Address node) => _nodes[node];

        public Address? JoinedVia(Address node) => _joinedVia.GetValueOrDefault(node);

        public IEnumerable<Address> Joins(Address node) => _joinedVia.TryGetValue(node, out var via) && via is not null ? [via] : [];

        // The founder whose cluster a node ends up in, following who it joined.
        public Address? ClusterOf(Address node)
        {
            var seen = new HashSet<Address>();
            var current = node;
            while (seen.Add(current))
            {
                if (Founders.Contains(current)) return current;
                if (!_joinedVia.TryGetValue(current, out var via) || via is null) return null;
                current = via;
            }
            return null;
        }

        public void Ask(Address node, Address target) => Apply(node, new JoinEvent.JoinAsked(target));

        public void Drop(Func<Message, bool> which) => _drops.Add(which);

        public void DeliverIdentifies() => Deliver(m => m.Event is JoinEvent.TargetAlive or JoinEvent.IdentifyAnswered);

        public void Deliver(Func<Message, bool> which)
        {
            var chosen = Outbox.Where(which).ToList();
            foreach (var m in chosen)
            {
                Outbox.Remove(m);
                Apply(m.To, m.Event);
            }
        }

        public void RunUntilQuiet()
        {
            for (var i = 0; Outbox.Count > 0; i++)
            {
                if (i > 10_000) throw new InvalidOperationException("The protocol does not settle.");
                var m = Outbox[0];
                Outbox.RemoveAt(0);
                Apply(m.To, m.Event);
            }
        }

        public void RunFor(TimeSpan span)
        {
            var end = Now + span;
            RunUntilQuiet();
            while (_timers.Count > 0 && _timers.Min(t => t.Due) <= end)
            {
                var next = _timers.MinBy(t => t.Due);
                _timers.Remove(next);
                Now = next.Due;
                Apply(next.Node, next.Timer switch
                {
                    JoinTimer.Retry r => new JoinEvent.RetryDue(r.Target),
                    JoinTimer.Promise => JoinEvent.PromiseExpired.Instance,
                    _ => new JoinEvent.RejoinDue(Welcomed: true),
                });
                RunUntilQuiet();
            }
            Now = end;
        }

        private void Apply(Address node, JoinEvent e)
        {
            var step = _nodes[node].On(e, Now);
            _nodes[node] = step.Next;
            foreach (var d in step.Directives) Execute(node, d);
        }

        private void Execute(Address node, JoinDirective d)
        {
            switch (d)
            {
                case JoinDirective.Found:
                    Founders.Add(node);
                    break;
                case JoinDirective.JoinMember j:
                    _joinedVia.TryAdd(node, j.Member);
                    break;
                case JoinDirective.JoinSeedNodes j:
                    _joinedVia.TryAdd(node, j.Seeds[0]);
                    break;
                case JoinDirective.SendRequest r when _nodes.ContainsKey(r.To):
                    Send(r.To, new JoinEvent.RequestReceived(new JoinRequest(node.ToString(), r.FromInitialized, _nodes[node].Phase == JoinPhase.Member)));
                    break;
                case JoinDirective.SendReply r when _nodes.ContainsKey(r.To):
                    Send(r.To, new JoinEvent.ReplyReceived(new JoinReply(r.Kind, node.ToString(), r.Via?.ToString(), _nodes[node].Phase == JoinPhase.Member, r.ViaIsMember)));
                    break;
                case JoinDirective.IdentifyCoordinator i when _nodes.ContainsKey(i.Target):
                    Send(node, new JoinEvent.IdentifyAnswered(i.Target, i.Round, CoordinatorFound: true));
                    break;
                case JoinDirective.Probe p:
                    Probes++;
                    Send(node, new JoinEvent.ProbeAnswered(p.Target, null, $"a TCP connection to {p.Target.Host}:{p.Target.Port} failed (ConnectionRefused)"));
                    break;
                case JoinDirective.StartTimer t:
                    _timers.RemoveAll(x => x.Node == node && x.Timer == t.Timer);
                    _timers.Add((Now + t.Delay, node, t.Timer));
                    break;
                case JoinDirective.CancelTimer t:
                    _timers.RemoveAll(x => x.Node == node && x.Timer == t.Timer);
                    break;
                case JoinDirective.GiveUp g:
                    GiveUps.Add(g);
                    break;
            }
        }

        private void Send(Address to, JoinEvent e)
        {
            var m = new Message(to, e);
            if (_drops.Any(drop => drop(m)))
            {
                _drops.RemoveAll(drop => drop(m));
                return;
            }
            Outbox.Add(m);
        }
    }

    private sealed record Message(Address To, JoinEvent Event);
}
