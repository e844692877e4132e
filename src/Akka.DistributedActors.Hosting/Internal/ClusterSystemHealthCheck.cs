using Akka.DistributedActors.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Akka.DistributedActors.Hosting.Internal;

/// <summary>Liveness or readiness of the host's <see cref="ClusterSystem"/>, as <see cref="ClusterHealth"/> decides it.</summary>
internal sealed class ClusterSystemHealthCheck(IServiceProvider services, ClusterSystemHealthCheck.Kind kind) : IHealthCheck
{
    public enum Kind
    {
        Liveness,
        Readiness,
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var system = services.GetRequiredService<ClusterSystem>();
        var report = kind == Kind.Liveness ? ClusterHealth.Alive(system) : ClusterHealth.Ready(system);
        var data = new Dictionary<string, object> { ["node"] = system.Cluster.UniqueNode.ToString() };
        return Task.FromResult(report.Healthy
            ? HealthCheckResult.Healthy(report.Description, data)
            : new HealthCheckResult(context.Registration.FailureStatus, report.Description, data: data));
    }
}
