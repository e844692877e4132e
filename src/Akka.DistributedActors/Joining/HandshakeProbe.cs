using System.Buffers.Binary;
using System.Net.Sockets;
using Akka.Actor;
using Google.Protobuf;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Learns the ActorSystem name of the Akka.NET node at an endpoint. A node drops every message addressed to another system
/// name without answering, so a join under the wrong ClusterName only shows as silence; Akka.Remote's transport handshake,
/// however, answers with the node's own address. The probe opens its own TCP connection, sends the handshake's Associate
/// (DotNetty framing: 4-byte little-endian length, then an <c>AkkaProtocolMessage</c>), reads the node's Associate and leaves
/// with a shutdown Disassociate, which the node logs at Debug only. Under TLS it only tests the TCP connection.
/// </summary>
internal static class HandshakeProbe
{
    private const int Associate = 1;
    private const int DisassociateShuttingDown = 4;
    private const string ProbeSystemName = "distributed-actors-probe";
    private const int MaxFrameBytes = 64 * 1024;

    public static async Task<JoinEvent.ProbeAnswered> RunAsync(Address target, bool tls, TimeSpan timeout)
    {
        var endpoint = $"{target.Host}:{target.Port}";
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(target.Host!, target.Port!.Value, cts.Token).ConfigureAwait(false);
            if (tls) return new(target, null, $"a TCP connection to {endpoint} opens; the ActorSystem name is not probed under TLS");
            var stream = client.GetStream();
            var local = (System.Net.IPEndPoint)client.Client.LocalEndPoint!;
            var associate = AssociatePdu(target.Protocol, ProbeSystemName, local.Address.ToString(), local.Port, (ulong)Random.Shared.NextInt64());
            await stream.WriteAsync(Frame(associate), cts.Token).ConfigureAwait(false);
            var name = ReadOriginSystem(await ReadFrameAsync(stream, cts.Token).ConfigureAwait(false));
            if (name is null) return new(target, null, $"{endpoint} does not answer like an Akka.NET remoting port");
            await stream.WriteAsync(Frame(ControlPdu(DisassociateShuttingDown, null)), cts.Token).ConfigureAwait(false);
            return new(target, name, null);
        }
        catch (OperationCanceledException)
        {
            return new(target, null, $"{endpoint} did not complete a transport handshake within {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException e)
        {
            return new(target, null, $"a TCP connection to {endpoint} failed ({e.SocketErrorCode})");
        }
        catch (Exception e) when (e is IOException or InvalidProtocolBufferException or InvalidDataException)
        {
            return new(target, null, $"{endpoint} does not answer like an Akka.NET remoting port ({e.Message})");
        }
    }

    private static async Task<byte[]> ReadFrameAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is <= 0 or > MaxFrameBytes) throw new InvalidDataException($"frame length {length}");
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }

    // AkkaProtocolMessage.instruction(2) -> AkkaControlMessage.handshakeInfo(2) -> AkkaHandshakeInfo.origin(1) -> AddressData.system(1).
    private static string? ReadOriginSystem(byte[] frame)
    {
        var control = Field(ByteString.CopyFrom(frame), 2);
        var handshake = control is null ? null : Field(control, 2);
        var origin = handshake is null ? null : Field(handshake, 1);
        var system = origin is null ? null : Field(origin, 1);
        return system?.ToStringUtf8();
    }

    private static ByteString? Field(ByteString message, int number)
    {
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                return input.ReadBytes();
            input.SkipLastField();
        }
        return null;
    }

    /// <summary>The handshake PDU a node sends first: "I am <paramref name="system"/>@host:port with this uid".</summary>
    internal static byte[] AssociatePdu(string protocol, string system, string host, int port, ulong uid)
    {
        var origin = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteString(system);
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(host);
            o.WriteTag(3, WireFormat.WireType.Varint);
            o.WriteUInt32((uint)port);
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteString(protocol);
        });
        var handshake = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(origin));
            o.WriteTag(2, WireFormat.WireType.Fixed64);
            o.WriteFixed64(uid);
        });
        return ControlPdu(Associate, handshake);
    }

    private static byte[] ControlPdu(int command, byte[]? handshake)
    {
        var control = Message(o =>
        {
            o.WriteTag(1, WireFormat.WireType.Varint);
            o.WriteEnum(command);
            if (handshake is null) return;
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(handshake));
        });
        return Message(o =>
        {
            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(control));
        });
    }

    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true)) write(output);
        return buffer.ToArray();
    }
}
