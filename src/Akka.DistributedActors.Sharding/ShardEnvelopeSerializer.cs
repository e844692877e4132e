using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka serializer of the shard envelopes: <c>[int32 entity id length][UTF-8 entity id]</c>, then the call frame as is (a call)
/// or the 8-byte call id (a cancellation).
/// </summary>
internal sealed class ShardEnvelopeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 473;
    public const string Name = "distributed-actors-sharding";
    private const string InvocationManifest = "I";
    private const string CancelManifest = "C";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        ShardedInvocation => InvocationManifest,
        ShardedCancel => CancelManifest,
        _ => throw new ArgumentException($"{nameof(ShardEnvelopeSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ShardedInvocation i => Write(i.EntityId, i.Invocation.Frame.Length, i.Invocation.Frame, 0),
        ShardedCancel c => Write(c.EntityId, sizeof(long), null, c.Cancel.CallId),
        _ => throw new ArgumentException($"{nameof(ShardEnvelopeSerializer)} cannot serialize {obj.GetType()}.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var idLength = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        var rest = bytes.Length - 4 - idLength;
        if (idLength >= 0 && rest >= 0)
        {
            var entityId = Encoding.UTF8.GetString(bytes, 4, idLength);
            var body = bytes.AsSpan(4 + idLength);
            if (manifest == InvocationManifest && rest >= RemoteInvocation.MinimumSize)
                return new ShardedInvocation(entityId, new RemoteInvocation(body.ToArray()));
            if (manifest == CancelManifest && rest == sizeof(long))
                return new ShardedCancel(entityId, new CancelInvocation(BinaryPrimitives.ReadInt64LittleEndian(body)));
        }
        throw new System.Runtime.Serialization.SerializationException(
            $"{nameof(ShardEnvelopeSerializer)} cannot read {bytes.Length} bytes with manifest \"{manifest}\".");
    }

    private static byte[] Write(string entityId, int bodyLength, byte[]? frame, long callId)
    {
        var idLength = Encoding.UTF8.GetByteCount(entityId);
        var bytes = new byte[4 + idLength + bodyLength];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, idLength);
        Encoding.UTF8.GetBytes(entityId, bytes.AsSpan(4));
        if (frame is not null) frame.CopyTo(bytes, 4 + idLength);
        else BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(4 + idLength), callId);
        return bytes;
    }
}
