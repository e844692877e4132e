using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka serializer of the call envelopes: a few fixed-width fields and the already serialized arguments or result, so the
/// remoting layer never touches user types (and never falls back to Akka's JSON serializer).
/// </summary>
internal sealed class RemoteCallSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 471;
    public const string Name = "distributed-actors";
    private const string InvocationManifest = "I";
    private const string ReplyManifest = "R";
    private const string CancelManifest = "C";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RemoteInvocation => InvocationManifest,
        RemoteReply => ReplyManifest,
        CancelInvocation => CancelManifest,
        _ => throw new ArgumentException($"{nameof(RemoteCallSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        switch (obj)
        {
            case RemoteInvocation i:
            {
                var bytes = new byte[12 + i.Arguments.Length];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, i.CallId);
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), i.MethodId);
                i.Arguments.CopyTo(bytes, 12);
                return bytes;
            }
            case RemoteReply r:
            {
                var textLength = r.Text is null ? -1 : Encoding.UTF8.GetByteCount(r.Text);
                var payloadLength = r.Payload?.Length ?? -1;
                var bytes = new byte[8 + 1 + 4 + Math.Max(0, textLength) + 4 + Math.Max(0, payloadLength)];
                var span = bytes.AsSpan();
                BinaryPrimitives.WriteInt64LittleEndian(span, r.CallId);
                span[8] = (byte)r.Status;
                BinaryPrimitives.WriteInt32LittleEndian(span[9..], textLength);
                var offset = 13;
                if (r.Text is not null) offset += Encoding.UTF8.GetBytes(r.Text, span[offset..]);
                BinaryPrimitives.WriteInt32LittleEndian(span[offset..], payloadLength);
                offset += 4;
                r.Payload?.CopyTo(span[offset..]);
                return bytes;
            }
            case CancelInvocation c:
            {
                var bytes = new byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(bytes, c.CallId);
                return bytes;
            }
            default:
                throw new ArgumentException($"{nameof(RemoteCallSerializer)} cannot serialize {obj.GetType()}.", nameof(obj));
        }
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var span = bytes.AsSpan();
        switch (manifest)
        {
            case InvocationManifest:
                return new RemoteInvocation(BinaryPrimitives.ReadInt64LittleEndian(span), BinaryPrimitives.ReadInt32LittleEndian(span[8..]), span[12..].ToArray());
            case ReplyManifest:
            {
                var callId = BinaryPrimitives.ReadInt64LittleEndian(span);
                var status = (ReplyStatus)span[8];
                var textLength = BinaryPrimitives.ReadInt32LittleEndian(span[9..]);
                var offset = 13;
                string? text = null;
                if (textLength >= 0)
                {
                    text = Encoding.UTF8.GetString(span.Slice(offset, textLength));
                    offset += textLength;
                }
                var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(span[offset..]);
                offset += 4;
                var payload = payloadLength >= 0 ? span.Slice(offset, payloadLength).ToArray() : null;
                return new RemoteReply(callId, status, text, payload);
            }
            case CancelManifest:
                return new CancelInvocation(BinaryPrimitives.ReadInt64LittleEndian(span));
            default:
                throw new System.Runtime.Serialization.SerializationException($"{nameof(RemoteCallSerializer)} does not know manifest \"{manifest}\".");
        }
    }
}
