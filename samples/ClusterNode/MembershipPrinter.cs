using System.Globalization;
using System.Text;
using Akka.DistributedActors;

namespace ClusterNode;

/// <summary>Formats cluster events as one line each and the membership as a table, for a person watching a terminal.</summary>
internal static class MembershipPrinter
{
    private static readonly string[] Headers = ["NODE", "NAME", "STATUS", "REACHABILITY", "LEADER", "ROLES"];

    public static string Now() => DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Endpoint(UniqueNode node) => $"{node.Host}:{node.Port}";

    public static string EventLine(Cluster.Event e) => e switch
    {
        Cluster.Snapshot s => $"snapshot     {s.Membership.Count} member(s)",
        Cluster.MembershipChange c when c.IsReplacement =>
            $"membership   {Describe(c.Node)} replaces {Describe(c.Replaced!.Node)} ({c.Replaced.Status}) as {c.Status}",
        Cluster.MembershipChange c => $"membership   {Describe(c.Node)} {c.PreviousStatus?.ToString() ?? "new"} -> {c.Status}",
        Cluster.ReachabilityChange r => $"reachability {Describe(r.Member.Node)} -> {r.Reachability}",
        Cluster.LeadershipChange l => $"leadership   {DescribeOrNone(l.OldLeader)} -> {DescribeOrNone(l.NewLeader)}",
        _ => e.ToString() ?? e.GetType().Name,
    };

    public static string Table(Cluster.Membership membership, UniqueNode self)
    {
        var rows = membership.Select(m => new[]
        {
            Endpoint(m.Node) + (m.Node.Equals(self) ? " (self)" : ""),
            m.Node.SystemName,
            m.Status.ToString(),
            m.Reachability.ToString(),
            membership.IsLeader(m) ? "*" : "",
            string.Join(",", m.Roles.Order(StringComparer.Ordinal)),
        }).ToList();
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var sb = new StringBuilder();
        var leader = membership.Leader is { } l ? Describe(l.Node) : "none";
        sb.AppendLine($"{Now()} membership: {membership.Count} member(s), {membership.CountWithStatus(Cluster.MemberStatus.Up)} up, leader {leader}");
        AppendRow(sb, Headers, widths);
        AppendRow(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows) AppendRow(sb, row, widths);
        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths)
    {
        sb.Append("  ");
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(" | ");
            sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        sb.AppendLine();
    }

    private static string Describe(UniqueNode node) => $"{node.SystemName}@{Endpoint(node)}";

    private static string DescribeOrNone(Cluster.Member? member) => member is null ? "none" : Describe(member.Node);
}
