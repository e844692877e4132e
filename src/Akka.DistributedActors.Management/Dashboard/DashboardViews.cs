using System.Text;
using System.Text.Json;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Management.Dashboard;

/// <summary>One row of the members table as the page receives it.</summary>
internal sealed record MemberView(string Node, string Address, string Name, string Nid, string Status, string Reachability,
    int? UpNumber, string[] Roles)
{
    public static MemberView Of(ClusterSpec.Member m) => new(m.Node.ToString(), $"{m.Node.Host}:{m.Node.Port}", m.Node.SystemName,
        // A ulong does not fit a JavaScript number.
        m.Node.Nid.ToString(System.Globalization.CultureInfo.InvariantCulture), m.Status.ToString(), m.Reachability.ToString(),
        m.UpNumber, m.Roles.Order(StringComparer.Ordinal).ToArray());
}

/// <summary>
/// One cluster event as the page receives it, also a line of the timeline. <see cref="Member"/> is the member as it is after the
/// event (null once removed); for a leadership change <see cref="From"/> and <see cref="To"/> are the old and new leader.
/// <see cref="NodeLabel"/> is the node as a person reads it (<c>name@host:port</c>), also after its removal.
/// </summary>
internal sealed record ChangeView(long Seq, DateTimeOffset Time, string Kind, string? Node, string? NodeLabel, string? From,
    string? To, MemberView? Member, string? Replaced)
{
    public static ChangeView Of(ClusterSpec.Event e, long seq, DateTimeOffset time, ClusterSpec.Membership after) => e switch
    {
        ClusterSpec.MembershipChange c => new(seq, time, nameof(ClusterSpec.MembershipChange), c.Node.ToString(), LabelOf(c.Node),
            c.PreviousStatus?.ToString(), c.Status.ToString(), ViewOf(after.FindMember(c.Node)), c.Replaced?.Node.ToString()),
        ClusterSpec.ReachabilityChange r => new(seq, time, nameof(ClusterSpec.ReachabilityChange), r.Member.Node.ToString(),
            LabelOf(r.Member.Node), (r.ToReachable ? ClusterSpec.MemberReachability.Unreachable : ClusterSpec.MemberReachability.Reachable).ToString(),
            r.Reachability.ToString(), ViewOf(after.FindMember(r.Member.Node)), null),
        ClusterSpec.LeadershipChange l => new(seq, time, nameof(ClusterSpec.LeadershipChange), l.NewLeader?.Node.ToString(),
            l.NewLeader is null ? null : LabelOf(l.NewLeader.Node), l.OldLeader?.Node.ToString(), l.NewLeader?.Node.ToString(),
            ViewOf(l.NewLeader is null ? null : after.FindMember(l.NewLeader.Node)), null),
        _ => throw new ArgumentException($"Not a change event: {e.GetType().FullName}.", nameof(e)),
    };

    private static string LabelOf(UniqueNode node) => $"{node.SystemName}@{node.Host}:{node.Port}";

    private static MemberView? ViewOf(ClusterSpec.Member? m) => m is null ? null : MemberView.Of(m);
}

/// <summary>The first message of every event stream: the state that all following changes apply to.</summary>
internal sealed record SnapshotView(long Seq, string Self, string? Leader, bool ActionsEnabled, int TimelineLength,
    MemberView[] Members, ChangeView[] Timeline);

/// <summary>Server-Sent Events framing of the views.</summary>
internal static class SseFrames
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static byte[] Snapshot(SnapshotView view) => Frame("snapshot", view.Seq, view);

    public static byte[] Change(ChangeView view) => Frame("change", view.Seq, view);

    // JSON never contains a raw newline, so the payload is one data line.
    private static byte[] Frame<T>(string type, long id, T view) =>
        Encoding.UTF8.GetBytes($"event: {type}\nid: {id}\ndata: {JsonSerializer.Serialize(view, Json)}\n\n");
}
