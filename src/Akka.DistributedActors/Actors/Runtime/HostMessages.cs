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
