using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using static Akka.Cluster.ClusterEvent;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// The raw Akka.NET way to learn that a cluster formed: a subscriber actor counting MemberUp. <c>Ready</c> completes once the
/// subscription delivered its initial state; <c>FirstUp</c>, <c>AllKnown</c> and <c>AllUp</c> with the receive timestamp of the
/// event that made one member Up, <c>expected</c> members known, and <c>expected</c> members Up.
/// </summary>
internal sealed class RawUpCounter : UntypedActor
{
    private readonly AkkaCluster _cluster;
    private readonly int _expected;
    private readonly FormationWatch _watch;
    private readonly HashSet<Akka.Cluster.UniqueAddress> _known = [];
    private readonly HashSet<Akka.Cluster.UniqueAddress> _up = [];

    public RawUpCounter(AkkaCluster cluster, int expected, FormationWatch watch)
    {
        _cluster = cluster;
        _expected = expected;
        _watch = watch;
    }

    public static Props Props(AkkaCluster cluster, int expected, FormationWatch watch) =>
        Akka.Actor.Props.Create(() => new RawUpCounter(cluster, expected, watch));

    protected override void PreStart() => _cluster.Subscribe(Self, InitialStateAsSnapshot, typeof(IMemberEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        var now = Stopwatch.GetTimestamp();
        switch (message)
        {
            case CurrentClusterState state:
                foreach (var m in state.Members)
                {
                    _known.Add(m.UniqueAddress);
                    if (m.Status == Akka.Cluster.MemberStatus.Up) _up.Add(m.UniqueAddress);
                }
                _watch.SetReady();
                break;
            case MemberUp up:
                _known.Add(up.Member.UniqueAddress);
                _up.Add(up.Member.UniqueAddress);
                break;
            case IMemberEvent e:
                _known.Add(e.Member.UniqueAddress);
                break;
        }
        _watch.Observe(_known.Count, _up.Count, _expected, now);
    }
}

/// <summary>
/// Records when a raw Akka.NET subscriber receives each member and reachability event, keyed like the facade's events
/// (incarnation + facade status or reachability), so that the facade's delivery of the same change can be paired with it.
/// Only the first occurrence of a key is kept (Left and Exited both map to Leaving; Left comes first).
/// </summary>
internal sealed class RawEventRecorder : UntypedActor
{
    private readonly AkkaCluster _cluster;
    private readonly ConcurrentDictionary<(ulong Nid, string Change), long> _received;
    private readonly TaskCompletionSource _ready;

    public RawEventRecorder(AkkaCluster cluster, ConcurrentDictionary<(ulong Nid, string Change), long> received, TaskCompletionSource ready)
    {
        _cluster = cluster;
        _received = received;
        _ready = ready;
    }

    public static Props Props(AkkaCluster cluster, ConcurrentDictionary<(ulong Nid, string Change), long> received, TaskCompletionSource ready) =>
        Akka.Actor.Props.Create(() => new RawEventRecorder(cluster, received, ready));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, InitialStateAsSnapshot, typeof(IMemberEvent), typeof(IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        var now = Stopwatch.GetTimestamp();
        var (member, change) = Key(message);
        if (message is CurrentClusterState) _ready.TrySetResult();
        // The facade's own uid-to-Nid conversion, so that both sides key a change the same way.
        if (member is not null) _received.TryAdd((AkkaConversions.ToNid(member.UniqueAddress.Uid), change), now);
    }

    internal static (Akka.Cluster.Member? Member, string Change) Key(object message) => message switch
        {
            MemberJoined e => (e.Member, nameof(Cluster.MemberStatus.Joining)),
            MemberUp e => (e.Member, nameof(Cluster.MemberStatus.Up)),
            MemberWeaklyUp e => (e.Member, nameof(Cluster.MemberStatus.Up)),
            MemberLeft e => (e.Member, nameof(Cluster.MemberStatus.Leaving)),
            MemberExited e => (e.Member, nameof(Cluster.MemberStatus.Leaving)),
            MemberDowned e => (e.Member, nameof(Cluster.MemberStatus.Down)),
            MemberRemoved e => (e.Member, nameof(Cluster.MemberStatus.Removed)),
            UnreachableMember e => (e.Member, nameof(Cluster.MemberReachability.Unreachable)),
            ReachableMember e => (e.Member, nameof(Cluster.MemberReachability.Reachable)),
            _ => (null, ""),
        };
}
