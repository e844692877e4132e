using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>The first message of every host: the instance it runs and the methods callers may invoke.</summary>
internal sealed record HostInit(DistributedActor Actor, MethodTable Methods);

/// <summary>Start or stop watching an actor on behalf of the hosted instance.</summary>
internal sealed record WatchRequest(ActorID Target, bool Watch);

/// <summary>A node became Down or Removed: watched actors on it are terminated.</summary>
internal sealed record NodeDownNotice(UniqueNode Node);

/// <summary>A non-reentrant host's call completed; the next waiting call may start.</summary>
internal sealed class CallFinished
{
    public static readonly CallFinished Instance = new();
}

/// <summary>
/// Start or stop telling <paramref name="Watcher"/> when this instance stops: how a location-transparent actor (a sharded entity,
/// which has no Akka reference a watcher could watch) is watched. Sent through the entity's routing like a call.
/// </summary>
internal sealed record WatchEntity(IActorRef Watcher, bool Watch);

/// <summary>A watched location-transparent actor stopped (passivated, moved, or its system shut down).</summary>
internal sealed record WatchedTerminated(ActorID Id);
