using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Installed while a host runs a turn, so every <c>await</c> in actor code resumes as a new message of the hosting actor:
/// turns never overlap, and other calls may run between them (reentrancy).
/// </summary>
internal sealed class ActorSynchronizationContext(IActorRef host) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => host.Tell(new Continuation(d, state), ActorRefs.NoSender);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send would block the actor's own turn; use await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
