using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.DistributedActors.Lifecycle;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Newtonsoft.Json;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Management.Internal;

/// <summary>The routes of the management endpoint.</summary>
internal static class ManagementRoutes
{
    // ClusterBootstrap's probes read at most this many seed nodes (Akka.Management's max-seed-nodes-to-expose).
    private const int MaxSeedNodesToExpose = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>
    /// Maps the routes, used by both the standalone endpoint and <c>MapClusterManagement</c>. <paramref name="system"/> is asked
    /// per request, so an app can map them before its host has started the system.
    /// </summary>
    public static void Map(IEndpointRouteBuilder routes, Func<ClusterSystem> system)
    {
        routes.MapGet("/cluster/members", () => Results.Json(MembersOf(system()), Json));
        routes.MapGet("/health/alive", () => Answer(ClusterHealth.Alive(system())));
        routes.MapGet("/health/ready", () => Answer(ClusterHealth.Ready(system())));
        routes.MapGet("/bootstrap/seed-nodes", () => Results.Text(SeedNodesJson(system()), "application/json"));
    }

    private static IResult Answer(HealthReport report) =>
        Results.Text(report.Description, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);

    private static ClusterMembersResponse MembersOf(ClusterSystem system)
    {
        var membership = system.Cluster.MembershipSnapshot;
        return new ClusterMembersResponse(
            system.Cluster.UniqueNode.ToString(),
            membership.Leader?.Node.ToString(),
            membership.OldestMember()?.Node.ToString(),
            membership.Select(m => new MemberResponse(m.Node.ToString(), m.Node.SystemName, m.Node.Host, m.Node.Port, m.Node.Nid,
                m.Status, m.Reachability, m.UpNumber, m.Roles.Order(StringComparer.Ordinal).ToArray())).ToArray());
    }

    /// <summary>
    /// Akka.Management's answer to a bootstrap probe, in its JSON: this node's address and up to five reachable Joining/Up members.
    /// While this node is not a member (or is on its way out) the list is empty but the answer is still 200, so probing nodes
    /// count this contact point as seen; an error here would keep them from ever founding a cluster.
    /// </summary>
    private static string SeedNodesJson(ClusterSystem system)
    {
        var cluster = AkkaCluster.Get(system.ActorSystem);
        var state = cluster.State;
        var self = state.Members.FirstOrDefault(m => m.UniqueAddress.Equals(cluster.SelfUniqueAddress));
        var members = self is null || self.Status is AkkaMemberStatus.Down or AkkaMemberStatus.Leaving or AkkaMemberStatus.Exiting or AkkaMemberStatus.Removed
            ? ImmutableList<HttpBootstrapJsonProtocol.ClusterMember>.Empty
            : state.Members
                .Where(m => m.Status is AkkaMemberStatus.Up or AkkaMemberStatus.WeaklyUp or AkkaMemberStatus.Joining && !state.Unreachable.Contains(m))
                .Take(MaxSeedNodesToExpose)
                .Select(m => new HttpBootstrapJsonProtocol.ClusterMember(m.UniqueAddress.Address, m.UniqueAddress.Uid, m.Status, m.Roles))
                .ToImmutableList();
        return JsonConvert.SerializeObject(new HttpBootstrapJsonProtocol.SeedNodes(cluster.SelfAddress, members));
    }
}

/// <summary>The JSON of <c>GET /cluster/members</c>.</summary>
internal sealed record ClusterMembersResponse(string SelfNode, string? Leader, string? Oldest, MemberResponse[] Members);

/// <summary>One member in <see cref="ClusterMembersResponse"/>.</summary>
internal sealed record MemberResponse(string Node, string SystemName, string Host, int Port, ulong Nid,
    ClusterSpec.MemberStatus Status, ClusterSpec.MemberReachability Reachability, int? UpNumber, string[] Roles);
