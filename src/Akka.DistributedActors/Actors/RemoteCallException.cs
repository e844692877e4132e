namespace Akka.DistributedActors;

/// <summary>
/// A call on a distributed actor failed in the call machinery (Swift's <c>RemoteCallError</c>): see <see cref="Kind"/>. It names
/// the target actor and the method; for <see cref="RemoteCallErrorKind.TimedOut"/> it also carries the effective timeout.
/// </summary>
public sealed class RemoteCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RemoteCallException(RemoteCallErrorKind kind, ActorID? actor, string method, string detail, TimeSpan? timeout = null, Exception? inner = null)
        : base($"Call {method} on {actor?.ToString() ?? "<unknown actor>"} failed: {kind}. {detail}", inner)
    {
        Kind = kind;
        Actor = actor;
        Method = method;
        Timeout = timeout;
    }

    /// <summary>What went wrong.</summary>
    public RemoteCallErrorKind Kind { get; }

    /// <summary>The target of the call.</summary>
    public ActorID? Actor { get; }

    /// <summary>The called method, as <c>Interface.Method</c>.</summary>
    public string Method { get; }

    /// <summary>The timeout that elapsed (for <see cref="RemoteCallErrorKind.TimedOut"/>); null otherwise.</summary>
    public TimeSpan? Timeout { get; }
}
