using Akka.DistributedActors.Hosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Akka.DistributedActors.Hosting;

/// <summary>Health checks of the host's <see cref="ClusterSystem"/>.</summary>
public static class ClusterSystemHealthChecksBuilderExtensions
{
    /// <summary>Tag of the liveness check: "live".</summary>
    public const string LiveTag = "live";

    /// <summary>Tag of the readiness check: "ready".</summary>
    public const string ReadyTag = "ready";

    /// <summary>
    /// Adds two checks of the <see cref="ClusterSystem"/> in the host's services (registered here too, see
    /// <see cref="ClusterSystemServiceCollectionExtensions.AddClusterSystem"/>): <paramref name="livenessName"/> (default
    /// "cluster-system-alive", tag <c>live</c>), healthy while the system runs, and <paramref name="readinessName"/> (default
    /// "cluster-system-ready", tag <c>ready</c>), healthy while this node is an Up member no one sees as unreachable. The
    /// management endpoint's <c>/health/alive</c> and <c>/health/ready</c> answer from the same decisions.
    /// </summary>
    public static IHealthChecksBuilder AddClusterSystemChecks(this IHealthChecksBuilder builder,
        string livenessName = "cluster-system-alive", string readinessName = "cluster-system-ready")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddClusterSystem();
        builder.Add(new HealthCheckRegistration(livenessName,
            sp => new ClusterSystemHealthCheck(sp, ClusterSystemHealthCheck.Kind.Liveness), null, [LiveTag]));
        builder.Add(new HealthCheckRegistration(readinessName,
            sp => new ClusterSystemHealthCheck(sp, ClusterSystemHealthCheck.Kind.Readiness), null, [ReadyTag]));
        return builder;
    }
}
