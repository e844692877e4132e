using System.Collections.Concurrent;
using Akka.Actor;
using Google.Protobuf;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Counts what nodes send over Akka.Remote, by kind, as written to the transport (<see cref="CountingTransportAdapter"/>): every
/// message, acknowledgement and transport heartbeat is one PDU. A kind names the serializer and manifest and the recipient's
/// path (for an <c>ActorSelection</c>, the enclosed message's and the selection's), so that e.g. Akka's cluster heartbeats, its
/// gossip and the join handshake's messages count apart. <see cref="Observe"/> opens a window on some nodes.
/// </summary>
internal static class RemoteTraffic
{
    /// <summary>
    /// HOCON that puts the counting adapter on a node's transport (alone: fault injection would need <c>trttl</c> beneath it).
    /// No space after the comma: Akka reads the class name back with quotes when it holds one, and then cannot load it.
    /// </summary>
    public const string Hocon = """
        akka.remote.dot-netty.tcp.applied-adapters = [count]
        akka.remote.adapters.count = "Akka.DistributedActors.TestKit.CountingTransportAdapterProvider,Akka.DistributedActors.TestKit"
        """;

    private static readonly ConcurrentDictionary<Window, byte> Windows = new();

    /// <summary>Counts what the nodes listening on <paramref name="ports"/> (all nodes when null) send from now until the window is disposed.</summary>
    public static Window Observe(IEnumerable<int>? ports = null)
    {
        var window = new Window(ports?.ToHashSet());
        Windows[window] = 0;
        return window;
    }

    internal static void Sent(int fromPort, int toPort, ByteString pdu)
    {
        if (Windows.IsEmpty) return;
        string? kind = null;
        foreach (var window in Windows.Keys)
        {
            if (window.Ports is { } ports && !ports.Contains(fromPort)) continue;
            kind ??= Classify(pdu);
            window.Add(kind, pdu.Length, fromPort, toPort);
        }
    }

    /// <summary>What a PDU carries, e.g. <c>5/HB -> /system/cluster/core/daemon/heartbeatReceiver</c> or <c>transport heartbeat</c>.</summary>
    internal static string Classify(ByteString pdu)
    {
        try
        {
            // AkkaProtocolMessage { bytes payload = 1; AkkaControlMessage instruction = 2 }
            var payload = Field(pdu, 1);
            if (payload is null)
            {
                var command = Field(pdu, 2) is { } control ? Varint(control, 1) : 0;
                return command switch
                {
                    1 => "transport associate",
                    3 => "transport heartbeat",
                    _ => "transport disassociate",
                };
            }
            // AckAndEnvelopeContainer { AcknowledgementInfo ack = 1; RemoteEnvelope envelope = 2 }
            if (Field(payload, 2) is not { } envelope) return "system-message ack";
            // RemoteEnvelope { ActorRefData recipient = 1; Payload message = 2; ... }
            var recipient = Field(envelope, 1) is { } r ? PathOnly(Field(r, 1)?.ToStringUtf8()) : "?";
            if (Field(envelope, 2) is not { } message) return "? -> " + recipient;
            var serializer = Varint(message, 2);
            var manifest = Field(message, 3)?.ToStringUtf8() ?? "";
            if (serializer == 6 && Field(message, 1) is { } selection)
            {
                // SelectionEnvelope { Payload payload = 1; repeated Selection pattern = 2 }, Selection { type = 1; string matcher = 2 }
                var enclosed = Field(selection, 1);
                var elements = Fields(selection, 2).Select(s => Field(s, 2)?.ToStringUtf8() ?? "..");
                var inner = enclosed is null ? "?" : $"{Varint(enclosed, 2)}/{Field(enclosed, 3)?.ToStringUtf8()}";
                return $"{inner} -> {recipient.TrimEnd('/')}/{string.Join("/", elements)} (selection)";
            }
            return $"{serializer}/{manifest} -> {recipient}";
        }
        catch (InvalidProtocolBufferException)
        {
            return "unreadable";
        }
    }

    // "akka.count.tcp://sys@host:port/system/x#123" -> "/system/x": the same kind for every node.
    private static string PathOnly(string? path)
    {
        if (path is null) return "?";
        var scheme = path.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : path.IndexOf('/', scheme + 3);
        var uid = path.IndexOf('#');
        var end = uid < 0 ? path.Length : uid;
        var rest = start < 0 ? "/" : path[start..end];
        // Temporary actors (asks) have generated names.
        return rest.StartsWith("/temp/", StringComparison.Ordinal) ? "/temp/*" : rest;
    }

    private static ByteString? Field(ByteString message, int number) => Fields(message, number).FirstOrDefault();

    private static IEnumerable<ByteString> Fields(ByteString message, int number)
    {
        var found = new List<ByteString>();
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes());
            else
                input.SkipLastField();
        }
        return found;
    }

    private static long Varint(ByteString message, int number)
    {
        var input = new CodedInputStream(message.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.Varint) return input.ReadInt64();
            input.SkipLastField();
        }
        return 0;
    }

    /// <summary>What the observed nodes sent while the window was open.</summary>
    internal sealed class Window : IDisposable
    {
        private readonly ConcurrentDictionary<string, long> _byKind = new();
        private readonly ConcurrentDictionary<(int From, int To), byte> _links = new();
        private long _messages;
        private long _bytes;

        internal Window(HashSet<int>? ports) => Ports = ports;

        internal HashSet<int>? Ports { get; }

        /// <summary>PDUs written (messages, acknowledgements, transport heartbeats).</summary>
        public long Messages => Interlocked.Read(ref _messages);

        /// <summary>Their bytes, without the transport's 4-byte frame header.</summary>
        public long Bytes => Interlocked.Read(ref _bytes);

        /// <summary>Distinct (sender, receiver) pairs that carried at least one PDU (an inbound peer counts by its client port).</summary>
        public int Links => _links.Count;

        /// <summary>Count per kind (see <see cref="Classify"/>).</summary>
        public IReadOnlyDictionary<string, long> ByKind => _byKind;

        internal void Add(string kind, int bytes, int fromPort, int toPort)
        {
            Interlocked.Increment(ref _messages);
            Interlocked.Add(ref _bytes, bytes);
            _byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
            _links.TryAdd((fromPort, toPort), 0);
        }

        public void Dispose() => Windows.TryRemove(this, out _);
    }
}
