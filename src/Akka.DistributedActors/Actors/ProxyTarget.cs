using System.ComponentModel;
using Akka.Actor;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>The actor a proxy calls, seen from one <see cref="ClusterSystem"/>: local (in-memory message) or remote (Akka.Remote).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ProxyTarget
{
    private readonly ActorRuntime _runtime;

    internal ProxyTarget(ActorRuntime runtime, ActorID id, IActorRef? remote)
    {
        _runtime = runtime;
        Id = id;
        Remote = remote;
    }

    /// <summary>The target's ID.</summary>
    public ActorID Id { get; }

    /// <summary>The Akka reference of a remote target; null when the target is on the calling system.</summary>
    internal IActorRef? Remote { get; }

    /// <summary>Calls a method that returns a value.</summary>
    public Task<T> Call<T>(DistributedMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        var call = new PendingCall<T>(_runtime.Calls, Id, method);
        _runtime.Send(this, call, arguments, cancellationToken);
        return call.Task;
    }

    /// <summary>Calls a method that returns Task or ValueTask.</summary>
    public Task CallVoid(DistributedMethod method, object?[] arguments, CancellationToken cancellationToken)
    {
        var call = new PendingCall<object?>(_runtime.Calls, Id, method);
        _runtime.Send(this, call, arguments, cancellationToken);
        return call.Task;
    }
}
