using System.Buffers.Binary;
using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka serializer of the call envelopes. Invocations and replies are built as their final frames by the caller and the callee
/// (fixed-width header, then the already serialized arguments or result), so this serializer copies nothing and the remoting
/// layer never touches user types (and never falls back to Akka's JSON serializer).
/// </summary>
internal sealed class CallEnvelopeSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 471;
    public const string Name = "distributed-actors";
    private const string InvocationManifest = "I";
    private const string ReplyManifest = "R";
    private const string CancelManifest = "C";
    private const string BatchManifest = "B";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        RemoteInvocation => InvocationManifest,
        RemoteReply => ReplyManifest,
        CancelInvocation => CancelManifest,
        OutgoingBatch or IncomingBatch => BatchManifest,
        _ => throw new ArgumentException($"{nameof(CallEnvelopeSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        RemoteInvocation i => i.Frame,
        RemoteReply r => r.Frame,
        OutgoingBatch b => b.Frame,
        IncomingBatch b => b.Frame,
        CancelInvocation c => BitConverter.IsLittleEndian ? BitConverter.GetBytes(c.CallId) : BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(c.CallId)),
        _ => throw new ArgumentException($"{nameof(CallEnvelopeSerializer)} cannot serialize {obj.GetType()}.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        InvocationManifest when bytes.Length >= RemoteInvocation.MinimumSize => new RemoteInvocation(bytes),
        ReplyManifest when bytes.Length >= RemoteReply.HeaderSize => new RemoteReply(bytes),
        BatchManifest => new IncomingBatch(bytes),
        CancelManifest when bytes.Length == 8 => new CancelInvocation(BinaryPrimitives.ReadInt64LittleEndian(bytes)),
        _ => throw new System.Runtime.Serialization.SerializationException(
            $"{nameof(CallEnvelopeSerializer)} cannot read {bytes.Length} bytes with manifest \"{manifest}\"."),
    };
}
