using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    private IActorRef? _discovery;

    partial void OnDiscoveryStarted()
    {
        var discovery = Settings.Discovery;
        if (discovery is null) return;
        if (discovery.OpenListings is null)
        {
            // ClusterBootstrap joins through Akka.Management, which needs the management endpoint to be serving first.
            Log.Info("Discovery {0} starts with ClusterManagement.StartAsync (Akka.DistributedActors.Management).", discovery);
            return;
        }
        _discovery = ((ExtendedActorSystem)ActorSystem).SystemActorOf(
            DiscoveryShell.Props(AkkaCluster.Get(ActorSystem), discovery, Cluster.Node), DiscoveryShell.Name);
    }

    partial void OnDiscoveryShuttingDown()
    {
        if (_discovery is not null) ActorSystem.Stop(_discovery);
    }
}
