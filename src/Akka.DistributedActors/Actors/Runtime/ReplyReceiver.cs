using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The one reply address per system (registered like Ask's temporary actors, but once): replies from remote hosts complete the
/// pending call directly on the remoting thread, with no mailbox and no actor per call.
/// </summary>
internal sealed class ReplyReceiver(IActorRefProvider provider, ActorPath path, ActorRuntime runtime) : MinimalActorRef
{
    public override ActorPath Path { get; } = path;

    public override IActorRefProvider Provider { get; } = provider;

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is RemoteReply reply) runtime.Calls.OnReply(reply);
        else if (message is IncomingBatch batch) runtime.Batches.OnReplies(batch, sender);
    }
}
