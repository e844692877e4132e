using System.Buffers.Binary;
using System.Text;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>Messages that cross the wire; bound to <see cref="CallEnvelopeSerializer"/>.</summary>
internal interface IRemoteCallMessage
{
}

/// <summary>
/// A call from another node, kept as its wire frame so that neither side copies it: <c>[int64 call id][int32 method wire id]</c>,
/// the caller's trace context (<see cref="TraceContextCodec"/>, one byte when there is none), then the serialized arguments as
/// <c>[int32 length][bytes]</c> items, in order.
/// </summary>
internal sealed class RemoteInvocation(byte[] frame) : IRemoteCallMessage
{
    public const int HeaderSize = 12;

    /// <summary>The shortest valid frame: the header and an empty trace context.</summary>
    public const int MinimumSize = HeaderSize + 1;

    public byte[] Frame { get; } = frame;

    public long CallId => BinaryPrimitives.ReadInt64LittleEndian(Frame);

    public int MethodId => BinaryPrimitives.ReadInt32LittleEndian(Frame.AsSpan(8));

    /// <summary>The trace context and the arguments after it.</summary>
    public ReadOnlySpan<byte> Body => Frame.AsSpan(HeaderSize);
}

/// <summary>The caller gave up (timeout or cancellation) on a call whose method takes a CancellationToken.</summary>
internal sealed record CancelInvocation(long CallId) : IRemoteCallMessage;

internal enum ReplyStatus : byte
{
    Ok = 0,
    Error = 1,
    GenericError = 2,
    TargetNotFound = 3,
    SerializationFailed = 4,
    ActivationFailed = 5,
}

/// <summary>
/// The answer to a <see cref="RemoteInvocation"/>, kept as its wire frame: <c>[int64 call id][byte status][int32 text length or -1]
/// [UTF-8 text][payload to the end]</c>. Text is the exception type (Error: assembly-qualified; GenericError: full name) or a
/// detail message; the payload is the serialized result, or the UTF-8 exception message for Error.
/// </summary>
internal sealed class RemoteReply : IRemoteCallMessage
{
    public const int HeaderSize = 13;

    public RemoteReply(byte[] frame)
    {
        Frame = frame;
        var textLength = BinaryPrimitives.ReadInt32LittleEndian(frame.AsSpan(9));
        Text = textLength < 0 ? null : Encoding.UTF8.GetString(frame, HeaderSize, textLength);
        PayloadOffset = HeaderSize + Math.Max(0, textLength);
    }

    /// <summary>A reply without payload, or with a small one (errors).</summary>
    public RemoteReply(long callId, ReplyStatus status, string? text, byte[]? payload = null)
        : this(Build(callId, status, text, payload))
    {
    }

    public byte[] Frame { get; }

    public long CallId => BinaryPrimitives.ReadInt64LittleEndian(Frame);

    public ReplyStatus Status => (ReplyStatus)Frame[8];

    public string? Text { get; }

    public int PayloadOffset { get; }

    public ReadOnlySpan<byte> Payload => Frame.AsSpan(PayloadOffset);

    public static void WriteHeader(Span<byte> header, long callId, ReplyStatus status, int textLength)
    {
        BinaryPrimitives.WriteInt64LittleEndian(header, callId);
        header[8] = (byte)status;
        BinaryPrimitives.WriteInt32LittleEndian(header[9..], textLength);
    }

    private static byte[] Build(long callId, ReplyStatus status, string? text, byte[]? payload)
    {
        var textLength = text is null ? -1 : Encoding.UTF8.GetByteCount(text);
        var frame = new byte[HeaderSize + Math.Max(0, textLength) + (payload?.Length ?? 0)];
        WriteHeader(frame, callId, status, textLength);
        if (text is not null) Encoding.UTF8.GetBytes(text, frame.AsSpan(HeaderSize));
        payload?.CopyTo(frame, HeaderSize + Math.Max(0, textLength));
        return frame;
    }
}

/// <summary>A call from the same system: no serialization, the caller's pending call is completed directly.</summary>
internal sealed record LocalInvocation(PendingCall Call, object?[] Arguments, CancellationToken CancellationToken);

/// <summary>An awaited continuation of a turn, posted back to the hosting actor by its synchronization context.</summary>
internal sealed record Continuation(SendOrPostCallback Callback, object? State) : IDeadLetterSuppression;
