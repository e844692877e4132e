using System.Text;

namespace Akka.DistributedActors.Internal;

internal static partial class HoconBuilder
{
    // The receptionist (Akka.DistributedData) and singletons (Akka.Cluster.Tools) start lazily, after the ActorSystem; their
    // wire formats must be bound from the start so that a node that has not used them yet still reads their messages.
    static partial void AppendReception(ClusterSystemSettings s, StringBuilder sb)
    {
        sb.AppendLine($"akka.cluster.distributed-data.gossip-interval = {Ms(s.Receptionist.GossipInterval)}");
        sb.AppendLine($"akka.cluster.distributed-data.notify-subscribers-interval = {Ms(s.Receptionist.NotifySubscribersInterval)}");
        sb.AppendLine("""
            akka.actor {
              serializers {
                akka-data-replication = "Akka.DistributedData.Serialization.ReplicatorMessageSerializer, Akka.DistributedData"
                akka-replicated-data = "Akka.DistributedData.Serialization.ReplicatedDataSerializer, Akka.DistributedData"
                akka-singleton = "Akka.Cluster.Tools.Singleton.Serialization.ClusterSingletonMessageSerializer, Akka.Cluster.Tools"
              }
              serialization-bindings {
                "Akka.DistributedData.IReplicatorMessage, Akka.DistributedData" = akka-data-replication
                "Akka.DistributedData.IReplicatedDataSerialization, Akka.DistributedData" = akka-replicated-data
                "Akka.Cluster.Tools.Singleton.IClusterSingletonMessage, Akka.Cluster.Tools" = akka-singleton
              }
              serialization-identifiers {
                "Akka.DistributedData.Serialization.ReplicatorMessageSerializer, Akka.DistributedData" = 11
                "Akka.DistributedData.Serialization.ReplicatedDataSerializer, Akka.DistributedData" = 12
                "Akka.Cluster.Tools.Singleton.Serialization.ClusterSingletonMessageSerializer, Akka.Cluster.Tools" = 14
              }
            }
            """);
    }
}
