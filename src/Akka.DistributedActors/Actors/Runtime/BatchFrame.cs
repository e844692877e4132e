using System.Buffers.Binary;
using System.Text;

namespace Akka.DistributedActors.Internal;

/// <summary>What one item of a batch carries.</summary>
internal enum BatchItemKind : byte
{
    /// <summary>A call (a <see cref="RemoteInvocation"/> frame) for the actor the item names.</summary>
    Invocation = 1,

    /// <summary>A <see cref="CancelInvocation"/> (the call id, 8 bytes) for the actor the item names.</summary>
    Cancel = 2,

    /// <summary>A <see cref="RemoteReply"/> frame; names no actor.</summary>
    Reply = 3,
}

/// <summary>
/// One entry of a batch: what it is, the target actor's path and uid on the receiving node (none for replies), and its payload.
/// </summary>
internal readonly struct BatchItem
{
    private BatchItem(BatchItemKind kind, int uid, string? path, byte[] payload)
    {
        Kind = kind;
        Uid = uid;
        Path = path;
        PathBytes = path is null ? 0 : Encoding.UTF8.GetByteCount(path);
        Payload = payload;
    }

    public BatchItemKind Kind { get; }

    public int Uid { get; }

    public string? Path { get; }

    public int PathBytes { get; }

    public byte[] Payload { get; }

    /// <summary>The bytes this item takes in a batch frame.</summary>
    public int Size => BatchFrame.ItemHeaderSize + PathBytes + Payload.Length;

    public static BatchItem Invocation(string path, int uid, byte[] frame) => new(BatchItemKind.Invocation, uid, path, frame);

    public static BatchItem Cancel(string path, int uid, long callId)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(payload, callId);
        return new BatchItem(BatchItemKind.Cancel, uid, path, payload);
    }

    public static BatchItem Reply(byte[] frame) => new(BatchItemKind.Reply, 0, null, frame);
}

/// <summary>
/// The wire form of a batch: its items one after another, each <c>[byte kind][int32 uid][int32 path length][UTF-8 path]
/// [int32 payload length][payload]</c>. Nothing else: the number of items is what fits the frame, and a frame that does not split
/// exactly into well-formed items is rejected whole.
/// </summary>
internal static class BatchFrame
{
    public const int ItemHeaderSize = 13;

    /// <summary>Writes <paramref name="item"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, in BatchItem item)
    {
        destination[0] = (byte)item.Kind;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], item.Uid);
        BinaryPrimitives.WriteInt32LittleEndian(destination[5..], item.PathBytes);
        if (item.Path is not null) Encoding.UTF8.GetBytes(item.Path, destination.Slice(9, item.PathBytes));
        BinaryPrimitives.WriteInt32LittleEndian(destination[(9 + item.PathBytes)..], item.Payload.Length);
        item.Payload.CopyTo(destination[(ItemHeaderSize + item.PathBytes)..]);
        return item.Size;
    }

    /// <summary>Why <paramref name="frame"/> is not a batch of items of <paramref name="allowed"/> kinds, or null when it is one.</summary>
    public static string? Validate(ReadOnlySpan<byte> frame, BatchItemKind allowed, BatchItemKind alsoAllowed)
    {
        var reader = new Reader(frame);
        var index = 0;
        while (reader.TryRead(out var item))
        {
            if (item.Kind != allowed && item.Kind != alsoAllowed) return $"item {index} is of kind {(byte)item.Kind}, not expected here";
            var minimum = item.Kind switch
            {
                BatchItemKind.Invocation => RemoteInvocation.MinimumSize,
                BatchItemKind.Cancel => 8,
                _ => RemoteReply.HeaderSize,
            };
            if (item.Payload.Length < minimum || (item.Kind == BatchItemKind.Cancel && item.Payload.Length != 8))
                return $"item {index} ({item.Kind}) has a payload of {item.Payload.Length} bytes";
            index++;
        }
        return reader.Error;
    }

    /// <summary>Reads the items of a frame in order; stops at the end or at the first malformed item (then <see cref="Error"/> says why).</summary>
    public ref struct Reader(ReadOnlySpan<byte> frame)
    {
        private ReadOnlySpan<byte> _rest = frame;
        private int _offset;

        /// <summary>Why reading stopped before the end of the frame; null when it reached the end.</summary>
        public string? Error { get; private set; }

        public bool TryRead(out ItemView item)
        {
            item = default;
            if (_rest.IsEmpty || Error is not null) return false;
            if (_rest.Length < ItemHeaderSize) return Fail($"{_rest.Length} bytes at offset {_offset} are too few for an item header");
            var kind = (BatchItemKind)_rest[0];
            if (kind is not (BatchItemKind.Invocation or BatchItemKind.Cancel or BatchItemKind.Reply)) return Fail($"unknown item kind {(byte)kind} at offset {_offset}");
            var uid = BinaryPrimitives.ReadInt32LittleEndian(_rest[1..]);
            var pathLength = BinaryPrimitives.ReadInt32LittleEndian(_rest[5..]);
            if (pathLength < 0 || pathLength > _rest.Length - ItemHeaderSize) return Fail($"invalid path length {pathLength} at offset {_offset}");
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(_rest[(9 + pathLength)..]);
            if (payloadLength < 0 || payloadLength > _rest.Length - ItemHeaderSize - pathLength)
                return Fail($"invalid payload length {payloadLength} at offset {_offset}");
            item = new ItemView(kind, uid, _rest.Slice(9, pathLength), _rest.Slice(ItemHeaderSize + pathLength, payloadLength));
            var size = ItemHeaderSize + pathLength + payloadLength;
            _rest = _rest[size..];
            _offset += size;
            return true;
        }

        private bool Fail(string error)
        {
            Error = error;
            return false;
        }
    }

    /// <summary>One item as read from a frame, valid while the frame is.</summary>
    public readonly ref struct ItemView(BatchItemKind kind, int uid, ReadOnlySpan<byte> path, ReadOnlySpan<byte> payload)
    {
        public BatchItemKind Kind { get; } = kind;

        public int Uid { get; } = uid;

        public ReadOnlySpan<byte> Path { get; } = path;

        public ReadOnlySpan<byte> Payload { get; } = payload;
    }
}
