using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Akka.DistributedActors.Hosting.Internal;

/// <summary>Starts the facade with the host and leaves the cluster when the host stops.</summary>
internal sealed class ClusterSystemHostedService(IServiceProvider services) : IHostedService
{
    private ClusterSystem? _system;

    // Resolving attaches the facade: an attach error surfaces here, from the host's start, rather than as a log line of
    // Akka.Hosting's own hosted service, which catches what its startup tasks throw.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _system = services.GetRequiredService<ClusterSystem>();
        return Task.CompletedTask;
    }

    // Akka's coordinated shutdown leaves the cluster and waits for this node's removal (its cluster phases) before terminating;
    // Akka.Hosting runs it too when its own hosted service stops, which then joins the run already under way.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_system is null || _system.ActorSystem.WhenTerminated.IsCompleted) return;
        await CoordinatedShutdown.Get(_system.ActorSystem).Run(CoordinatedShutdown.ClrExitReason.Instance)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
