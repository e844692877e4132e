using System.Text;

namespace Akka.DistributedActors.Internal;

internal static partial class HoconBuilder
{
    static partial void AppendActors(ClusterSystemSettings s, StringBuilder sb)
    {
        var serializer = $"{typeof(CallEnvelopeSerializer).FullName}, {typeof(CallEnvelopeSerializer).Assembly.GetName().Name}";
        var messages = $"{typeof(IRemoteCallMessage).FullName}, {typeof(IRemoteCallMessage).Assembly.GetName().Name}";
        sb.AppendLine($"akka.actor.serializers.{CallEnvelopeSerializer.Name} = {Quote(serializer)}");
        sb.AppendLine($"akka.actor.serialization-bindings {{ {Quote(messages)} = {CallEnvelopeSerializer.Name} }}");
        sb.AppendLine($"akka.actor.serialization-identifiers {{ {Quote(serializer)} = {CallEnvelopeSerializer.SerializerId} }}");

        var joinSerializer = $"{typeof(JoinMessageSerializer).FullName}, {typeof(JoinMessageSerializer).Assembly.GetName().Name}";
        var joinMessages = $"{typeof(IJoinMessage).FullName}, {typeof(IJoinMessage).Assembly.GetName().Name}";
        sb.AppendLine($"akka.actor.serializers.{JoinMessageSerializer.Name} = {Quote(joinSerializer)}");
        sb.AppendLine($"akka.actor.serialization-bindings {{ {Quote(joinMessages)} = {JoinMessageSerializer.Name} }}");
        sb.AppendLine($"akka.actor.serialization-identifiers {{ {Quote(joinSerializer)} = {JoinMessageSerializer.SerializerId} }}");

        // Sharded actors (the Sharding package) remember entities in the members' Distributed Data; Akka's default durable store
        // needs LMDB on disk. Akka reads this key from the system's configuration when sharding starts, so it is set here.
        sb.AppendLine("akka.cluster.sharding.distributed-data.durable.keys = []");
    }
}
