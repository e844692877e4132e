namespace Akka.DistributedActors;

/// <summary>
/// Marks an interface as the callable surface of a distributed actor (Swift's <c>distributed actor</c> protocol). Every method
/// of a deriving interface must return <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or
/// <see cref="ValueTask{TResult}"/>; callers hold proxies that implement the interface, local or remote.
/// </summary>
public interface IDistributedActor
{
    /// <summary>The identity of the actor this instance or proxy stands for.</summary>
    ActorID Id { get; }
}
