using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Writes and reads the frame of a <see cref="RemoteInvocation"/>: its header, the caller's trace context, then each argument
/// serialized with the system's <see cref="IRemoteCallSerializer"/> as a <c>[int32 length][bytes]</c> item.
/// </summary>
internal static class InvocationCodec
{
    /// <summary>Builds the whole frame: header, the context of <paramref name="span"/> (null: none), then each argument as a length-prefixed item.</summary>
    public static byte[] Write(IRemoteCallSerializer serializer, long callId, DistributedMethod method, object?[] arguments, Activity? span)
    {
        var types = method.ParameterTypes;
        if (arguments.Length != types.Length)
            throw new ArgumentException($"{method.DisplayName} takes {types.Length} serialized arguments, but got {arguments.Length}.");
        var buffer = FrameBuffer.Rent();
        var header = buffer.GetSpan(RemoteInvocation.HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header, callId);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], method.Id);
        buffer.Advance(RemoteInvocation.HeaderSize);
        TraceContextCodec.Write(buffer, span);
        for (var i = 0; i < types.Length; i++) WriteItem(buffer, serializer, arguments[i], types[i]);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the arguments of <paramref name="method"/> from the items after the header; malformed input throws.</summary>
    public static object?[] ReadArguments(IRemoteCallSerializer serializer, DistributedMethod method, ReadOnlySpan<byte> data)
    {
        var types = method.ParameterTypes;
        var result = types.Length == 0 ? [] : new object?[types.Length];
        for (var i = 0; i < types.Length; i++)
        {
            if (data.Length < 4) throw new FormatException($"Arguments of {method.DisplayName} end after {i} of {types.Length} items.");
            var length = BinaryPrimitives.ReadInt32LittleEndian(data);
            if (length < 0 || length > data.Length - 4) throw new FormatException($"Argument {i} of {method.DisplayName} has an invalid length {length}.");
            result[i] = serializer.Deserialize(data.Slice(4, length), types[i]);
            data = data[(4 + length)..];
        }
        if (!data.IsEmpty) throw new FormatException($"Arguments of {method.DisplayName} have {data.Length} unexpected trailing bytes.");
        return result;
    }

    private static void WriteItem(ArrayBufferWriter<byte> buffer, IRemoteCallSerializer serializer, object? value, Type type)
    {
        var start = buffer.WrittenCount;
        buffer.GetSpan(4);
        buffer.Advance(4);
        serializer.Serialize(buffer, value, type);
        var length = buffer.WrittenCount - start - 4;
        // The length is known only after serializing, so the reserved prefix is patched in place.
        BinaryPrimitives.WriteInt32LittleEndian(System.Runtime.InteropServices.MemoryMarshal.AsMemory(buffer.WrittenMemory).Span.Slice(start, 4), length);
    }
}
