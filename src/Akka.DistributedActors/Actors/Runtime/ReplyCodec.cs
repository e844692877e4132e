using System.Text;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Turns the outcome of a call into a <see cref="RemoteReply"/> on the callee, and a reply back into a result or an exception on
/// the caller. An exception crosses as its type name and message and is rebuilt on the caller when both sides allow it.
/// </summary>
internal sealed class ReplyCodec(IRemoteCallSerializer serializer, ErrorAllowance errorAllowance, UniqueNode self, int maximumPayloadBytes, ILoggingAdapter log)
{
    /// <summary>
    /// The largest call or reply frame (header plus serialized arguments or result) a remote call may carry: Akka.Remote drops a
    /// bigger message with only a log line on the sending node, so the call would otherwise wait for its timeout.
    /// </summary>
    public int MaximumPayloadBytes { get; } = maximumPayloadBytes;

    /// <summary>The reply telling a caller that the call failed with an exception of <paramref name="exceptionType"/>, rebuilt on its side.</summary>
    public static RemoteReply ExceptionReply(long callId, Type exceptionType, string message) =>
        new(callId, ReplyStatus.Error, $"{exceptionType.FullName}, {exceptionType.Assembly.GetName().Name}", Encoding.UTF8.GetBytes(message));

    /// <summary>Why a frame of <paramref name="length"/> bytes cannot be sent, or null when it fits.</summary>
    public string? TooLarge(string what, int length) => length <= MaximumPayloadBytes
        ? null
        : $"{what} is {length} bytes, more than the {MaximumPayloadBytes} bytes a remote call may carry " +
          "(akka.remote.dot-netty.tcp.maximum-frame-size less the envelope's headroom).";

    /// <summary>Builds the callee's reply from the completed task of its method.</summary>
    public RemoteReply Encode(long callId, DistributedMethod method, Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            try
            {
                var frame = WriteResult(callId, method.GetResult?.Invoke(task), method.ResultType);
                // Checked before the message is formatted: every reply passes here.
                if (frame.Length <= MaximumPayloadBytes) return new RemoteReply(frame);
                var detail = TooLarge($"The serialized result of {method.DisplayName} on {self}", frame.Length)!;
                log.Warning("Remote call {0}: {1}", callId, detail);
                return new RemoteReply(callId, ReplyStatus.SerializationFailed, detail);
            }
            catch (Exception e)
            {
                return new RemoteReply(callId, ReplyStatus.SerializationFailed,
                    $"The result could not be serialized on {self}: {e.GetType().Name}: {e.Message}");
            }
        }
        var error = task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!;
        var errorType = error.GetType();
        return errorAllowance.Allows(errorType)
            ? ExceptionReply(callId, errorType, error.Message)
            : new RemoteReply(callId, ReplyStatus.GenericError, errorType.FullName);
    }

    /// <summary>Turns a reply into the call's result or exception (runs on the thread pool, see <see cref="PendingCall"/>).</summary>
    public bool TryDecode(PendingCall call, RemoteReply reply, out object? result, out Exception? error)
    {
        result = null;
        error = null;
        switch (reply.Status)
        {
            case ReplyStatus.Ok:
                if (call.Method.ResultType is not { } type) return true;
                try
                {
                    result = serializer.Deserialize(reply.Payload, type);
                    return true;
                }
                catch (Exception e)
                {
                    error = Error(call, RemoteCallErrorKind.SerializationFailed, $"The result could not be deserialized: {e.GetType().Name}: {e.Message}", e);
                    return false;
                }
            case ReplyStatus.Error:
                error = RebuildException(reply.Text ?? "", Encoding.UTF8.GetString(reply.Payload), call);
                return false;
            case ReplyStatus.GenericError:
                error = new GenericRemoteCallException(reply.Text ?? "?", call.Target, call.Method.DisplayName);
                return false;
            case ReplyStatus.TargetNotFound:
                error = Error(call, RemoteCallErrorKind.TargetNotFound, reply.Text ?? "");
                return false;
            case ReplyStatus.ActivationFailed:
                error = Error(call, RemoteCallErrorKind.ActivationFailed, reply.Text ?? "");
                return false;
            default:
                error = Error(call, RemoteCallErrorKind.SerializationFailed, reply.Text ?? "");
                return false;
        }
    }

    private byte[] WriteResult(long callId, object? value, Type? type)
    {
        var buffer = FrameBuffer.Rent();
        RemoteReply.WriteHeader(buffer.GetSpan(RemoteReply.HeaderSize), callId, ReplyStatus.Ok, -1);
        buffer.Advance(RemoteReply.HeaderSize);
        if (type is not null) serializer.Serialize(buffer, value, type);
        return buffer.WrittenSpan.ToArray();
    }

    private static RemoteCallException Error(PendingCall call, RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        new(kind, call.Target, call.Method.DisplayName, detail, null, inner);

    private static Exception RebuildException(string typeName, string message, PendingCall call)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            try
            {
                if (type.GetConstructor([typeof(string)]) is { } withMessage) return (Exception)withMessage.Invoke([message]);
                if (type.GetConstructor(Type.EmptyTypes) is { } parameterless) return (Exception)parameterless.Invoke(null);
            }
            catch (Exception)
            {
                // The type exists but cannot be built from a message; the caller gets the generic error naming it.
            }
        }
        var shortName = typeName.Split(',')[0];
        return new GenericRemoteCallException(shortName, call.Target, call.Method.DisplayName);
    }
}
