using System.Buffers;
using System.Buffers.Binary;

namespace Akka.DistributedActors.Internal;

/// <summary>Packs serialized values as <c>[int32 length][bytes]</c> items with the system's <see cref="IRemoteCallSerializer"/>.</summary>
internal static class ArgumentCodec
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    /// <summary>Builds the whole <see cref="RemoteInvocation"/> frame: header, then each argument as a length-prefixed item.</summary>
    public static byte[] WriteInvocation(IRemoteCallSerializer serializer, long callId, DistributedMethod method, object?[] arguments)
    {
        var types = method.ParameterTypes;
        if (arguments.Length != types.Length)
            throw new ArgumentException($"{method.DisplayName} takes {types.Length} serialized arguments, but got {arguments.Length}.");
        var buffer = Rent();
        var header = buffer.GetSpan(RemoteInvocation.HeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(header, callId);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], method.Id);
        buffer.Advance(RemoteInvocation.HeaderSize);
        for (var i = 0; i < types.Length; i++) WriteItem(buffer, serializer, arguments[i], types[i]);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Builds the frame of a successful <see cref="RemoteReply"/> carrying <paramref name="value"/>.</summary>
    public static byte[] WriteResult(IRemoteCallSerializer serializer, long callId, object? value, Type? type)
    {
        var buffer = Rent();
        RemoteReply.WriteHeader(buffer.GetSpan(RemoteReply.HeaderSize), callId, ReplyStatus.Ok, -1);
        buffer.Advance(RemoteReply.HeaderSize);
        if (type is not null) serializer.Serialize(buffer, value, type);
        return buffer.WrittenSpan.ToArray();
    }

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

    private static ArrayBufferWriter<byte> Rent()
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        return buffer;
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
