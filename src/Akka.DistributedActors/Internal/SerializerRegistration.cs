using Akka.Actor;
using AkkaSerializer = Akka.Serialization.Serializer;

namespace Akka.DistributedActors.Internal;

/// <summary>Adds one of our serializers to a system that did not get it through the generated HOCON (an attached one).</summary>
internal static class SerializerRegistration
{
    /// <summary>
    /// Registers the serializer <paramref name="create"/> makes under <paramref name="name"/> for <paramref name="messageTypes"/>,
    /// unless the first of them already maps to a <typeparamref name="TSerializer"/>.
    /// </summary>
    public static void Ensure<TSerializer>(ExtendedActorSystem akka, string name, Func<ExtendedActorSystem, TSerializer> create, params Type[] messageTypes)
        where TSerializer : AkkaSerializer
    {
        if (akka.Serialization.FindSerializerForType(messageTypes[0]) is TSerializer) return;
        var serializer = create(akka);
        akka.Serialization.AddSerializer(name, serializer);
        // The lookup above cached Akka's fallback for the concrete type, and a cached type wins over a mapping of its interface:
        // every concrete message type is mapped too.
        foreach (var type in messageTypes) akka.Serialization.AddSerializationMap(type, serializer);
    }
}
