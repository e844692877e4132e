namespace Akka.DistributedActors;

/// <summary>Why a call on a distributed actor failed without an answer from the actor's own code.</summary>
public enum RemoteCallErrorKind
{
    /// <summary>No reply arrived before the call's timeout (<see cref="RemoteCallSettings.DefaultTimeout"/> or <see cref="RemoteCall.WithTimeout(TimeSpan)"/>).</summary>
    TimedOut,

    /// <summary>The caller's CancellationToken was cancelled.</summary>
    Cancelled,

    /// <summary>No actor with the target ActorID exists (never spawned, or stopped).</summary>
    TargetNotFound,

    /// <summary>The target's node is Down or Removed, or went down while the call was in flight.</summary>
    NodeDown,

    /// <summary>The calling system is shutting down or has shut down.</summary>
    ClusterShutDown,

    /// <summary>An argument, the result or the call envelope could not be serialized or deserialized.</summary>
    SerializationFailed,

    /// <summary>
    /// The target could not be activated: the factory or constructor of a sharded actor threw (the message names the exception's
    /// type and message).
    /// </summary>
    ActivationFailed,
}
