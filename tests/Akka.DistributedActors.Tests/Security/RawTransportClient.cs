using System.Buffers.Binary;
using System.Net.Sockets;
using Akka.DistributedActors.Internal;
using Google.Protobuf;

namespace Akka.DistributedActors.Tests.Security;

/// <summary>
/// A TCP client that speaks (or breaks) Akka.Remote's DotNetty framing by hand: each frame is a 4-byte little-endian length
/// followed by an <c>AkkaProtocolMessage</c> (protobuf), either a control PDU (associate) or a payload carrying an
/// <c>AckAndEnvelopeContainer</c>. Field numbers follow Akka.Remote 1.5.74's ContainerFormats/WireFormats protos.
/// </summary>
internal sealed class RawTransportClient : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    public static async Task<RawTransportClient> ConnectAsync(Node node, CancellationToken cancellationToken)
    {
        var client = new RawTransportClient();
        await client._client.ConnectAsync(node.Host, node.Port, cancellationToken);
        client._stream = client._client.GetStream();
        return client;
    }

    public int LocalPort => ((System.Net.IPEndPoint)_client.Client.LocalEndPoint!).Port;

    public Task SendAsync(byte[] bytes, CancellationToken cancellationToken) => Stream.WriteAsync(bytes, cancellationToken).AsTask();

    /// <summary>Reads until the node closes the connection; false if it is still open after <paramref name="within"/>.</summary>
    public async Task<bool> ClosedByNodeWithinAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (await Stream.ReadAsync(buffer, timeout.Token) > 0) { }
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private NetworkStream Stream => _stream ?? throw new InvalidOperationException("Not connected.");

    /// <summary>Prefixes <paramref name="body"/> with its length as DotNetty's decoder on the node expects.</summary>
    public static byte[] Frame(byte[] body, int? declaredLength = null)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, declaredLength ?? body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    /// <summary>The handshake PDU a node sends first: "I am <paramref name="system"/>@host:port with this uid".</summary>
    public static byte[] AssociatePdu(string protocol, string system, string host, int port, ulong uid) =>
        HandshakeProbe.AssociatePdu(protocol, system, host, port, uid);

    /// <summary>A payload PDU with one unacknowledged message for <paramref name="recipientPath"/>, serialized by <paramref name="serializerId"/>.</summary>
    public static byte[] MessagePdu(string recipientPath, int serializerId, string manifest, byte[] message)
    {
        var recipient = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(recipientPath);
        });
        var payload = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(message));
            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt32(serializerId);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFromUtf8(manifest));
        });
        var envelope = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(recipient));
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(payload));
            // No sequence number (ulong.MaxValue) marks an ordinary message, outside Akka's reliable system-message channel.
            o.WriteTag(5, WireFormat.WireType.Fixed64);
            o.WriteFixed64(ulong.MaxValue);
        });
        var container = Message(o =>
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(envelope));
        });
        return Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(container));
        });
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) write(output);
        return buffer.ToArray();
    }
}
