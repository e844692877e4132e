using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The cluster side of a system's telemetry: counts the events the translator publishes and records each membership or
/// reachability change as a short span on <see cref="Telemetry.Cluster"/>; the member gauges read the membership of every
/// running system of the process when a collector asks.
/// </summary>
internal sealed class ClusterTelemetry : IEventSubscriber
{
    private static readonly ConcurrentDictionary<ClusterTelemetry, byte> Running = new();

    private static readonly Cluster.MemberStatus[] MemberStatuses =
        Enum.GetValues<Cluster.MemberStatus>().Where(s => s != Cluster.MemberStatus.Removed).ToArray();

    private static readonly string[] StatusNames = Enum.GetNames<Cluster.MemberStatus>().Select(n => n.ToLowerInvariant()).ToArray();

    private readonly ClusterSystem _system;
    private readonly string _node;

    private ClusterTelemetry(ClusterSystem system)
    {
        _system = system;
        _node = system.Cluster.UniqueNode.Node.ToString();
    }

    /// <summary>Starts observing <paramref name="system"/> until <see cref="Detach"/>.</summary>
    public static ClusterTelemetry Attach(ClusterSystem system, IActorRef translator)
    {
        var telemetry = new ClusterTelemetry(system);
        Running[telemetry] = 0;
        translator.Tell(new TranslatorProtocol.Subscribe(telemetry));
        return telemetry;
    }

    /// <summary>Leaves the gauges; the subscription ends with the translator, which stops with the system.</summary>
    public void Detach() => Running.TryRemove(this, out _);

    /// <summary>Runs on the translator's thread: only counts and short spans, and only when someone listens.</summary>
    public bool TryDeliver(Cluster.Event e)
    {
        if (e is Cluster.Snapshot || (!Telemetry.ClusterEvents.Enabled && !Telemetry.Cluster.HasListeners())) return true;
        var (kind, member) = e switch
        {
            Cluster.MembershipChange c => ("member_" + StatusNames[(int)c.Status], c.Member),
            Cluster.ReachabilityChange r => (r.ToUnreachable ? "unreachable" : "reachable", r.Member),
            Cluster.LeadershipChange l => ("leadership_change", l.NewLeader),
            _ => (e.GetType().Name, null),
        };
        Telemetry.ClusterEvents.Add(1, new KeyValuePair<string, object?>(Telemetry.EventKindTag, kind),
            new KeyValuePair<string, object?>(Telemetry.NodeTag, _node));
        if (!Telemetry.Cluster.HasListeners()) return true;
        // A root span: a cluster change is not caused by whatever the translator's thread was doing.
        var previous = Activity.Current;
        Activity.Current = null;
        using (var activity = Telemetry.Cluster.StartActivity("cluster." + kind))
        {
            if (activity is { IsAllDataRequested: true })
            {
                activity.SetTag(Telemetry.NodeTag, _node);
                activity.SetTag(Telemetry.EventKindTag, kind);
                if (member is not null)
                {
                    activity.SetTag(Telemetry.MemberNodeTag, member.Node.ToString());
                    activity.SetTag(Telemetry.MemberStatusTag, StatusNames[(int)member.Status]);
                }
                if (e is Cluster.MembershipChange { PreviousStatus: { } before }) activity.SetTag("akka.distributed_actors.member.previous_status", StatusNames[(int)before]);
            }
        }
        Activity.Current = previous;
        return true;
    }

    public void Complete() => Running.TryRemove(this, out _);

    public void Overflow() => Running.TryRemove(this, out _);

    internal static IEnumerable<Measurement<int>> ObserveMembers()
    {
        foreach (var telemetry in Running.Keys)
        {
            var membership = telemetry._system.Cluster.MembershipSnapshot;
            foreach (var status in MemberStatuses)
            {
                yield return new Measurement<int>(membership.CountWithStatus(status),
                    new KeyValuePair<string, object?>(Telemetry.MemberStatusTag, StatusNames[(int)status]),
                    new KeyValuePair<string, object?>(Telemetry.NodeTag, telemetry._node));
            }
        }
    }

    internal static IEnumerable<Measurement<int>> ObserveUnreachable()
    {
        foreach (var telemetry in Running.Keys)
        {
            var unreachable = telemetry._system.Cluster.MembershipSnapshot
                .Count(m => m.Reachability == Cluster.MemberReachability.Unreachable && m.Status != Cluster.MemberStatus.Removed);
            yield return new Measurement<int>(unreachable, new KeyValuePair<string, object?>(Telemetry.NodeTag, telemetry._node));
        }
    }
}
