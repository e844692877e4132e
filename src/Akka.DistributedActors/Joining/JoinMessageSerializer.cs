using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>Marker of the join handshake's messages, bound to <see cref="JoinMessageSerializer"/>.</summary>
internal interface IJoinMessage;

/// <summary>
/// Akka serializer of the join handshake (<see cref="JoinRequest"/>, <see cref="JoinReply"/>). Akka's JSON fallback builds its
/// type contracts afresh in every new ActorSystem, which cost a few milliseconds per message kind and node on the join path,
/// where raw Akka's InitJoin and Join use precompiled serializers.
/// </summary>
internal sealed class JoinMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 472;
    public const string Name = "distributed-actors-join";
    private const string RequestManifest = "Q";
    private const string ReplyManifest = "A";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        JoinRequest => RequestManifest,
        JoinReply => ReplyManifest,
        _ => throw new ArgumentException($"{nameof(JoinMessageSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            switch (obj)
            {
                case JoinRequest q:
                    writer.Write(q.From);
                    writer.Write(q.FromInitialized);
                    writer.Write(q.FromMember);
                    break;
                case JoinReply a:
                    writer.Write((byte)a.Kind);
                    writer.Write(a.From);
                    writer.Write(a.Via is not null);
                    if (a.Via is not null) writer.Write(a.Via);
                    writer.Write(a.FromMember);
                    writer.Write(a.ViaIsMember);
                    break;
                default:
                    throw new ArgumentException($"{nameof(JoinMessageSerializer)} cannot serialize {obj.GetType()}.", nameof(obj));
            }
        }
        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            return manifest switch
            {
                RequestManifest => new JoinRequest(reader.ReadString(), reader.ReadBoolean(), reader.ReadBoolean()),
                ReplyManifest => new JoinReply(ReadKind(reader), reader.ReadString(), reader.ReadBoolean() ? reader.ReadString() : null,
                    reader.ReadBoolean(), reader.ReadBoolean()),
                _ => throw new System.Runtime.Serialization.SerializationException(
                    $"{nameof(JoinMessageSerializer)} does not know manifest \"{manifest}\"."),
            };
        }
        catch (EndOfStreamException e)
        {
            throw new System.Runtime.Serialization.SerializationException(
                $"{nameof(JoinMessageSerializer)} cannot read {bytes.Length} bytes with manifest \"{manifest}\".", e);
        }
    }

    private static JoinReplyKind ReadKind(BinaryReader reader)
    {
        var kind = (JoinReplyKind)reader.ReadByte();
        return Enum.IsDefined(kind)
            ? kind
            : throw new System.Runtime.Serialization.SerializationException($"{nameof(JoinMessageSerializer)} read an unknown join reply kind {(byte)kind}.");
    }

    /// <summary>Registers the serializer on a system that did not get it through HOCON (an attached one).</summary>
    public static void EnsureRegistered(ExtendedActorSystem akka) =>
        SerializerRegistration.Ensure(akka, Name, a => new JoinMessageSerializer(a), typeof(JoinRequest), typeof(JoinReply), typeof(IJoinMessage));
}
