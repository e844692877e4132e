namespace Akka.DistributedActors;

/// <summary>
/// The callee threw an exception whose type may not cross the wire (<see cref="RemoteCallSettings.ErrorAllowance"/>) or cannot be
/// rebuilt on the caller. The message starts with Swift's text: <c>Remote call error of [&lt;Type&gt;] type occurred</c>.
/// </summary>
public sealed class GenericRemoteCallException : Exception
{
    /// <summary>Creates the exception for an error of type <paramref name="errorType"/> (full .NET type name).</summary>
    public GenericRemoteCallException(string errorType, ActorID? actor, string method)
        : base($"Remote call error of [{errorType}] type occurred (call {method} on {actor?.ToString() ?? "<unknown actor>"}).")
    {
        ErrorType = errorType;
        Actor = actor;
        Method = method;
    }

    /// <summary>The full name of the exception type the callee threw.</summary>
    public string ErrorType { get; }

    /// <summary>The target of the call.</summary>
    public ActorID? Actor { get; }

    /// <summary>The called method, as <c>Interface.Method</c>.</summary>
    public string Method { get; }
}
