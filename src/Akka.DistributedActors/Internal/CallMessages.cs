using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>Messages that cross the wire; bound to <see cref="RemoteCallSerializer"/>.</summary>
internal interface IRemoteCallMessage
{
}

/// <summary>A call from another node: correlation id, method wire id and the serialized arguments (length-prefixed, in order).</summary>
internal sealed record RemoteInvocation(long CallId, int MethodId, byte[] Arguments) : IRemoteCallMessage;

/// <summary>The caller gave up (timeout or cancellation) on a call whose method takes a CancellationToken.</summary>
internal sealed record CancelInvocation(long CallId) : IRemoteCallMessage;

internal enum ReplyStatus : byte
{
    Ok = 0,
    Error = 1,
    GenericError = 2,
    TargetNotFound = 3,
    SerializationFailed = 4,
}

/// <summary>
/// The answer to a <see cref="RemoteInvocation"/>. <see cref="Text"/> is the exception type (Error: assembly-qualified; GenericError:
/// full name) or a detail message; <see cref="Payload"/> is the serialized result, or the UTF-8 exception message for Error.
/// </summary>
internal sealed record RemoteReply(long CallId, ReplyStatus Status, string? Text, byte[]? Payload) : IRemoteCallMessage;

/// <summary>A call from the same system: no serialization, the caller's pending call is completed directly.</summary>
internal sealed record LocalInvocation(PendingCall Call, object?[] Arguments, CancellationToken CancellationToken);

/// <summary>An awaited continuation of a turn, posted back to the hosting actor by its synchronization context.</summary>
internal sealed record Continuation(SendOrPostCallback Callback, object? State) : IDeadLetterSuppression;
