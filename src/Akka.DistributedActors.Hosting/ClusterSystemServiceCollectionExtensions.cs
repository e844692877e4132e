using Akka.Actor;
using Akka.DistributedActors.Hosting.Internal;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Akka.DistributedActors.Hosting;

/// <summary>Registers the <see cref="ClusterSystem"/> of an Akka.Hosting ActorSystem in the host's services.</summary>
public static class ClusterSystemServiceCollectionExtensions
{
    /// <summary>
    /// Makes <see cref="ClusterSystem"/> a service: the facade on the ActorSystem of <c>services.AddAkka(...)</c>, with the settings
    /// of its <c>WithDistributedActors</c> (defaults without one). Akka.Hosting builds its configuration only once the services
    /// are fixed, which is why this is a separate call. Also starts the facade with the host (a setting that cannot apply fails
    /// the host's start, naming it) and, when the host stops, leaves the cluster gracefully (Leaving, then Removed on the others;
    /// singletons hand over) within the host's shutdown timeout. Idempotent.
    /// </summary>
    public static IServiceCollection AddClusterSystem(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ClusterSystem))) return services;
        services.AddSingleton(sp => HostedClusterSystems.GetOrAttach(
            sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<AkkaConfigurationBuilder>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ClusterSystemHostedService>());
        return services;
    }
}
