using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The W3C trace context of a call inside its <see cref="RemoteInvocation"/> frame, in binary: one flags byte, which is all a
/// call without a span costs; with a span, <c>[16 trace id][8 span id][1 trace flags]</c>, then the tracestate
/// (<c>[uint16 length][UTF-8]</c>) and the baggage (<c>[uint16 count]</c> then per item <c>[uint16 length][UTF-8 key]
/// [uint16 length][UTF-8 value]</c>) when present.
/// </summary>
internal static class TraceContextCodec
{
    private const byte HasParent = 1;
    private const byte HasTraceState = 2;
    private const byte HasBaggage = 4;

    /// <summary>Writes the context of <paramref name="activity"/> (one zero byte when null).</summary>
    public static void Write(IBufferWriter<byte> buffer, Activity? activity)
    {
        if (activity is null)
        {
            buffer.GetSpan(1)[0] = 0;
            buffer.Advance(1);
            return;
        }
        var traceState = activity.TraceStateString;
        var hasBaggage = activity.Baggage.Any();
        var head = buffer.GetSpan(26);
        head[0] = (byte)(HasParent | (traceState is null ? 0 : HasTraceState) | (hasBaggage ? HasBaggage : 0));
        // The ids are held as hex strings: the vectorized decoder turns them back into bytes without the branch per digit
        // (unpredictable for random ids) that ActivityTraceId.CopyTo takes.
        Convert.FromHexString(activity.TraceId.ToHexString(), head.Slice(1, 16), out _, out _);
        Convert.FromHexString(activity.SpanId.ToHexString(), head.Slice(17, 8), out _, out _);
        head[25] = (byte)activity.ActivityTraceFlags;
        buffer.Advance(26);
        if (traceState is not null) WriteString(buffer, traceState);
        if (!hasBaggage) return;
        var items = activity.Baggage.ToList();
        if (items.Count > ushort.MaxValue) items.RemoveRange(ushort.MaxValue, items.Count - ushort.MaxValue);
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.GetSpan(2), (ushort)items.Count);
        buffer.Advance(2);
        foreach (var (key, value) in items)
        {
            WriteString(buffer, key);
            WriteString(buffer, value ?? "");
        }
    }

    /// <summary>
    /// Reads the context at the start of <paramref name="data"/> and returns the bytes it takes; builds <paramref name="context"/>
    /// only when <paramref name="parse"/> (someone listens). Malformed input throws <see cref="FormatException"/>.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> data, bool parse, out Context context)
    {
        context = default;
        if (data.IsEmpty) throw new FormatException("The call frame ends before its trace context.");
        var flags = data[0];
        if (flags == 0) return 1;
        if ((flags & ~(HasParent | HasTraceState | HasBaggage)) != 0 || (flags & HasParent) == 0)
            throw new FormatException($"The trace context has unknown flags 0x{flags:x2}.");
        if (data.Length < 26) throw new FormatException("The trace context is truncated.");
        var offset = 26;
        string? traceState = null;
        List<KeyValuePair<string, string?>>? baggage = null;
        if ((flags & HasTraceState) != 0) traceState = ReadString(data, ref offset, parse);
        if ((flags & HasBaggage) != 0)
        {
            if (data.Length < offset + 2) throw new FormatException("The trace context's baggage is truncated.");
            var count = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            offset += 2;
            if (parse) baggage = new List<KeyValuePair<string, string?>>(count);
            for (var i = 0; i < count; i++)
            {
                var key = ReadString(data, ref offset, parse);
                var value = ReadString(data, ref offset, parse);
                baggage?.Add(new KeyValuePair<string, string?>(key!, value));
            }
        }
        if (parse)
        {
            var parent = new ActivityContext(ActivityTraceId.CreateFromBytes(data.Slice(1, 16)), ActivitySpanId.CreateFromBytes(data.Slice(17, 8)),
                (ActivityTraceFlags)data[25], traceState, isRemote: true);
            context = new Context(parent, traceState, baggage);
        }
        return offset;
    }

    private static void WriteString(IBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        if (length > ushort.MaxValue) throw new ArgumentException($"A trace context entry is {length} bytes, more than the {ushort.MaxValue} a call carries.");
        var span = buffer.GetSpan(2 + length);
        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        Encoding.UTF8.GetBytes(value, span[2..]);
        buffer.Advance(2 + length);
    }

    private static string? ReadString(ReadOnlySpan<byte> data, ref int offset, bool parse)
    {
        if (data.Length < offset + 2) throw new FormatException("The trace context is truncated.");
        var length = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
        if (data.Length < offset + 2 + length) throw new FormatException("The trace context is truncated.");
        var value = parse ? Encoding.UTF8.GetString(data.Slice(offset + 2, length)) : null;
        offset += 2 + length;
        return value;
    }

    /// <summary>A caller's span context as read from the wire; default when the caller sent none.</summary>
    public readonly record struct Context(ActivityContext Parent, string? TraceState, List<KeyValuePair<string, string?>>? Baggage);
}
