using Akka.Actor;
using Akka.Serialization;

namespace Akka.DistributedActors.Internal;

/// <summary>Marker of the join handshake's messages, bound to <see cref="JoinMessageSerializer"/>.</summary>
internal interface IJoinMessage;

/// <summary>
/// Akka serializer of the join handshake's <see cref="JoinReply"/>, and the codec of the <see cref="JoinRequest"/>, which travels as bare bytes. Akka's JSON fallback builds its
/// type contracts afresh in every new ActorSystem, which cost a few milliseconds per message kind and node on the join path,
/// where raw Akka's InitJoin and Join use precompiled serializers.
/// </summary>
internal sealed class JoinMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int SerializerId = 472;
    public const string Name = "distributed-actors-join";
    private const string ReplyManifest = "A";

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => o switch
    {
        JoinReply => ReplyManifest,
        _ => throw new ArgumentException($"{nameof(JoinMessageSerializer)} cannot serialize {o.GetType()}.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        JoinReply a => Write(writer =>
        {
            writer.Write((byte)a.Kind);
            writer.Write(a.From);
            writer.Write(a.Via is not null);
            if (a.Via is not null) writer.Write(a.Via);
            writer.Write(a.FromMember);
            writer.Write(a.ViaIsMember);
        }),
        _ => throw new ArgumentException($"{nameof(JoinMessageSerializer)} cannot serialize {obj.GetType()}.", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => manifest switch
    {
        ReplyManifest => Read(bytes, "a join reply", reader => new JoinReply(ReadKind(reader), reader.ReadString(),
            reader.ReadBoolean() ? reader.ReadString() : null, reader.ReadBoolean(), reader.ReadBoolean())),
        _ => throw new System.Runtime.Serialization.SerializationException($"{nameof(JoinMessageSerializer)} does not know manifest \"{manifest}\"."),
    };

    /// <summary>
    /// A request as the bare bytes the join coordinator sends it as: Akka's ByteArraySerializer, which every Akka.NET node has,
    /// carries them, so a plain node (no serializer <see cref="SerializerId"/>) reads them and drops them as a dead letter to
    /// the coordinator it lacks, rather than logging a serialization warning.
    /// </summary>
    public static byte[] RequestToBytes(JoinRequest q) => Write(writer =>
    {
        writer.Write(q.From);
        writer.Write(q.FromInitialized);
        writer.Write(q.FromMember);
    });

    /// <summary>The request in <paramref name="bytes"/>; throws <see cref="System.Runtime.Serialization.SerializationException"/> for bytes that are not one.</summary>
    public static JoinRequest RequestFromBytes(byte[] bytes) =>
        Read(bytes, "a join request", reader => new JoinRequest(reader.ReadString(), reader.ReadBoolean(), reader.ReadBoolean()));

    private static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream)) write(writer);
        return stream.ToArray();
    }

    // Network input: a short read, a bad length prefix or an unknown kind is a SerializationException, whoever reads it.
    private static T Read<T>(byte[] bytes, string what, Func<BinaryReader, T> read)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes));
            return read(reader);
        }
        catch (Exception e) when (e is IOException or FormatException)
        {
            throw new System.Runtime.Serialization.SerializationException(
                $"{nameof(JoinMessageSerializer)} cannot read {what} from {bytes.Length} bytes.", e);
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
        SerializerRegistration.Ensure(akka, Name, a => new JoinMessageSerializer(a), typeof(JoinReply), typeof(IJoinMessage));
}
