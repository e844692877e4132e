using Akka.DistributedActors.Management.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.DistributedActors.Management;

/// <summary>Maps the management routes into an application's own ASP.NET Core endpoints.</summary>
public static class ClusterManagementEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /cluster/members</c>, <c>/health/alive</c>, <c>/health/ready</c> and <c>/bootstrap/seed-nodes</c>, the routes
    /// of <see cref="ClusterManagement.StartAsync(ClusterSystem, ManagementSettings?, CancellationToken)"/>, for <paramref name="system"/> or, when null (default), the
    /// <see cref="ClusterSystem"/> of the app's services (resolved at the first request, so mapping before the host starts is fine).
    /// Returns the route group, for conventions such as authorization.
    /// </summary>
    public static RouteGroupBuilder MapClusterManagement(this IEndpointRouteBuilder routes, ClusterSystem? system = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("");
        var services = routes.ServiceProvider;
        ManagementRoutes.Map(group, system is not null ? () => system : () => services.GetRequiredService<ClusterSystem>());
        return group;
    }
}
