using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka serializer of the shard envelopes, <c>[int32 entity id length][UTF-8 entity id]</c> then: the call frame as is (a call),
/// the 8-byte call id (a cancellation), or a watch flag byte and the watcher's UTF-8 actor path (a watch); and of the notice an
/// entity sends its watchers when it stops (the entity's ID as text).
/// </summary>
internal sealed class ShardEnvelopeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 473;
    public const string Name = "distributed-actors-sharding";
    private const string InvocationManifest = "I";
    private const string CancelManifest = "C";
    private const string WatchManifest = "W";
    private const string TerminatedManifest = "T";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        ShardedInvocation => InvocationManifest,
        ShardedCancel => CancelManifest,
        ShardedWatch => WatchManifest,
        WatchedTerminated => TerminatedManifest,
        _ => throw new ArgumentException($"{nameof(ShardEnvelopeSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case ShardedInvocation i:
                return Write(i.EntityId, i.Invocation.Frame.Length, (body, frame) => frame.CopyTo(body), i.Invocation.Frame);
            case ShardedCancel c:
                return Write(c.EntityId, sizeof(long), (body, callId) => BinaryPrimitives.WriteInt64LittleEndian(body, callId), c.Cancel.CallId);
            case ShardedWatch w:
                var path = Encoding.UTF8.GetBytes(Akka.Serialization.Serialization.SerializedActorPath(w.Watch.Watcher));
                return Write(w.EntityId, 1 + path.Length, (body, s) =>
                {
                    body[0] = s.Watch ? (byte)1 : (byte)0;
                    s.Path.CopyTo(body[1..]);
                }, (w.Watch.Watch, Path: path));
            case WatchedTerminated t:
                return Encoding.UTF8.GetBytes(t.Id.ToString());
            default:
                throw new ArgumentException($"{nameof(ShardEnvelopeSerializer)} cannot serialize {obj.GetType()}.", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == TerminatedManifest && ActorID.TryParse(Encoding.UTF8.GetString(bytes), out var id)) return new WatchedTerminated(id);
        var idLength = bytes.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(bytes) : -1;
        var rest = bytes.Length - 4 - idLength;
        if (idLength >= 0 && rest >= 0)
        {
            var entityId = Encoding.UTF8.GetString(bytes, 4, idLength);
            var body = bytes.AsSpan(4 + idLength);
            switch (manifest)
            {
                case InvocationManifest when rest >= RemoteInvocation.MinimumSize:
                    return new ShardedInvocation(entityId, new RemoteInvocation(body.ToArray()));
                case CancelManifest when rest == sizeof(long):
                    return new ShardedCancel(entityId, new CancelInvocation(BinaryPrimitives.ReadInt64LittleEndian(body)));
                case WatchManifest when rest > 1 && body[0] <= 1:
                    var watcher = system.Provider.ResolveActorRef(Encoding.UTF8.GetString(body[1..]));
                    return new ShardedWatch(entityId, new WatchEntity(watcher, body[0] == 1));
            }
        }
        throw new System.Runtime.Serialization.SerializationException(
            $"{nameof(ShardEnvelopeSerializer)} cannot read {bytes.Length} bytes with manifest \"{manifest}\".");
    }

    private static byte[] Write<T>(string entityId, int bodyLength, SpanWriter<T> writeBody, T state)
    {
        var idLength = Encoding.UTF8.GetByteCount(entityId);
        var bytes = new byte[4 + idLength + bodyLength];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, idLength);
        Encoding.UTF8.GetBytes(entityId, bytes.AsSpan(4));
        writeBody(bytes.AsSpan(4 + idLength), state);
        return bytes;
    }

    private delegate void SpanWriter<in T>(Span<byte> body, T state);
}
