namespace Akka.DistributedActors;

/// <summary>
/// Implemented by a <see cref="DistributedActor"/> class that watches other actors (Swift's <c>LifecycleWatch</c>):
/// after <see cref="DistributedActor.WatchTermination{T}"/>, <see cref="Terminated"/> runs exactly once as a turn of this
/// actor when the watched actor stops, its system shuts down, or its node becomes Down or Removed.
/// </summary>
public interface ILifecycleWatch
{
    /// <summary>Called once for a watched actor that terminated.</summary>
    Task Terminated(ActorID id);
}
