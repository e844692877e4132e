using System.Buffers;

namespace Akka.DistributedActors;

/// <summary>
/// Serializes the arguments and results of remote calls, one value at a time with its declared type. The default is
/// <see cref="JsonRemoteCallSerializer"/>; plug another one in with <see cref="RemoteCallSettings.Serializer"/>. Values whose
/// declared type derives from <see cref="IDistributedActor"/> must be written as their <see cref="ActorID"/> and read back
/// with <see cref="ClusterSystem.Resolve(Type, ActorID)"/>. Implementations must be thread-safe.
/// </summary>
public interface IRemoteCallSerializer
{
    /// <summary>Writes <paramref name="value"/>, whose declared type is <paramref name="declaredType"/>, to <paramref name="writer"/>.</summary>
    void Serialize(IBufferWriter<byte> writer, object? value, Type declaredType);

    /// <summary>Reads a value of <paramref name="declaredType"/> written by <see cref="Serialize"/>.</summary>
    object? Deserialize(ReadOnlySpan<byte> data, Type declaredType);
}
