using Akka.DistributedActors.Management.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Akka.DistributedActors.Management;

/// <summary>Maps the live cluster page into any ASP.NET Core application (the management endpoint maps it by itself).</summary>
public static class ClusterDashboard
{
    /// <summary>
    /// Maps <c>GET /dashboard</c> (the page, its script and style, all served from this assembly), <c>GET /dashboard/events</c>
    /// (Server-Sent Events: a snapshot, then every cluster event once) and <c>POST /dashboard/actions/leave</c> and
    /// <c>/down</c>, which answer 403 unless <see cref="DashboardSettings.ActionsEnabled"/> and then require
    /// <see cref="ManagementSettings.BearerToken"/>. Settings default to <see cref="ManagementSettings"/>'s defaults; invalid
    /// ones throw <see cref="ClusterSystemSettingsException"/>. The stream stops with the application or the system.
    /// </summary>
    public static IEndpointConventionBuilder MapClusterDashboard(this IEndpointRouteBuilder endpoints, ClusterSystem system,
        ManagementSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(system);
        return DashboardRoutes.Map(endpoints, system, settings ?? new ManagementSettings(), system.Cluster.Events);
    }
}
