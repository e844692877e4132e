using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Finds the members that run plain Akka.NET (no facade) so that a call aimed at one fails at once instead of timing out: a
/// node started by the facade carries its name role (<see cref="AkkaConversions.NameRolePrefix"/>) and runs it; any other
/// member (a plain node, or an attached system) is asked with Akka's <c>Identify</c> for its cluster daemon and then its join
/// coordinator, which every facade node has and a plain node answers with "none". Akka also answers "none" for a node it
/// cannot reach, so only a member whose daemon answered too counts as plain. Listens to the translator for members; their roles
/// come from Akka's own view of the cluster, which its own actor updates a little after the translator publishes, so a member
/// that view does not list yet is looked at again shortly (asking every facade member instead would cost every pair of nodes
/// an association and two round trips while the cluster forms).
/// </summary>
internal sealed class PlainMemberDetector : ReceiveActor, IWithTimers
{
    public const string Name = "distributed-actors-plain-members";
    private const string IdentifyPrefix = "member:";
    private const string AlivePrefix = "member-alive:";

    private readonly AkkaCluster _cluster;
    private readonly PlainMembers _plain;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, UniqueNode> _asked = new();
    private readonly HashSet<UniqueNode> _alive = [];
    private readonly HashSet<UniqueNode> _missing = [];
    private readonly Dictionary<string, UniqueNode> _unlisted = new();
    private readonly UniqueNode _self;

    private static readonly TimeSpan RecheckAfter = TimeSpan.FromMilliseconds(100);

    public PlainMemberDetector(AkkaCluster cluster, IActorRef translator, PlainMembers plain)
    {
        _cluster = cluster;
        _plain = plain;
        _self = AkkaConversions.ToUniqueNode(cluster.SelfUniqueAddress, cluster.SelfRoles);
        translator.Tell(new TranslatorProtocol.Subscribe(new ActorSubscriber(Self)));
        Receive<Cluster.Snapshot>(s =>
        {
            foreach (var member in s.Membership) Check(member.Node);
        });
        Receive<Cluster.MembershipChange>(c =>
        {
            if (c.Status < Cluster.MemberStatus.Down) Check(c.Node);
            else if (c.Status == Cluster.MemberStatus.Removed) Forget(c.Node);
        });
        Receive<Recheck>(_ =>
        {
            foreach (var node in _unlisted.Values.ToList()) Check(node);
        });
        Receive<ActorIdentity>(m => m.MessageId is string id && id.StartsWith(AlivePrefix, StringComparison.Ordinal), m =>
        {
            if (m.Subject is not null && _asked.TryGetValue(IdentifyPrefix + ((string)m.MessageId)[AlivePrefix.Length..], out var node) && _alive.Add(node))
                Classify(node);
        });
        Receive<ActorIdentity>(m => m.MessageId is string id && _asked.ContainsKey(id), m =>
        {
            if (m.Subject is null && _missing.Add(_asked[(string)m.MessageId])) Classify(_asked[(string)m.MessageId]);
        });
        Receive<Cluster.Event>(_ => { });
    }

    // Both answers are in (they may come in either order): the node is alive and has no join coordinator.
    private void Classify(UniqueNode node)
    {
        if (_alive.Contains(node) && _missing.Contains(node))
        {
            _log.Info("Member {0} runs plain Akka.NET: calls to distributed actors there fail at once.", node);
            _plain.Add(node);
        }
    }

    public static Props Props(AkkaCluster cluster, IActorRef translator, PlainMembers plain) =>
        Akka.Actor.Props.Create(() => new PlainMemberDetector(cluster, translator, plain));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Timer message: look again for the members Akka's view did not list yet.</summary>
    private sealed class Recheck
    {
        public static readonly Recheck Instance = new();
    }

    private void Check(UniqueNode node)
    {
        var key = IdentifyPrefix + node;
        if (node.Equals(_self) || _asked.ContainsKey(key)) return;
        var akkaMember = _cluster.State.Members.FirstOrDefault(m => AkkaConversions.ToNid(m.UniqueAddress.Uid) == node.Nid &&
            AkkaConversions.SameEndpoint(m.Address, node.Node));
        if (akkaMember is null)
        {
            _unlisted[key] = node;
            if (!Timers.IsTimerActive(Recheck.Instance)) Timers.StartSingleTimer(Recheck.Instance, Recheck.Instance, RecheckAfter);
            return;
        }
        _unlisted.Remove(key);
        _asked[key] = node;
        if (AkkaConversions.SystemNameFromRoles(akkaMember.Roles) is not null) return;
        var address = AkkaConversions.ToAddress(node.Node, _cluster.SelfAddress);
        JoinCoordinator.ClusterDaemon(Context, address).Tell(new Identify(AlivePrefix + node), Self);
        Context.ActorSelection(new RootActorPath(address) / "system" / JoinCoordinator.Name).Tell(new Identify(key), Self);
    }

    private void Forget(UniqueNode node)
    {
        _unlisted.Remove(IdentifyPrefix + node);
        _asked.Remove(IdentifyPrefix + node);
        _alive.Remove(node);
        _missing.Remove(node);
        _plain.Remove(node);
    }
}

/// <summary>The members known to run plain Akka.NET; written by <see cref="PlainMemberDetector"/>, read by the call path.</summary>
internal sealed class PlainMembers
{
    private readonly ConcurrentDictionary<UniqueNode, bool> _nodes = new();

    // Calls read the count first: it stays 0 in a cluster of facade nodes only.
    private int _count;

    public bool Contains(UniqueNode node) => Volatile.Read(ref _count) != 0 && _nodes.ContainsKey(node);

    public void Add(UniqueNode node)
    {
        if (_nodes.TryAdd(node, true)) Interlocked.Increment(ref _count);
    }

    public void Remove(UniqueNode node)
    {
        if (_nodes.TryRemove(node, out _)) Interlocked.Decrement(ref _count);
    }
}
