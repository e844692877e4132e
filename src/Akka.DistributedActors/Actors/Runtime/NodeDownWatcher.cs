using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Watches the cluster for nodes going down and Akka for calls that cannot be delivered: a Down or Removed member fails the calls
/// in flight to it (NodeDown) and ends the lifecycle watches of actors on it; a call that reaches dead letters (stopped or unknown
/// target, or dropped by Akka.Remote) is answered with TargetNotFound.
/// </summary>
internal sealed class NodeDownWatcher(ActorRuntime runtime, IActorRef translator) : UntypedActor
{
    public const string Name = "distributed-actors-node-down-watcher";

    public static Props Props(ActorRuntime runtime, IActorRef translator) =>
        Akka.Actor.Props.Create(() => new NodeDownWatcher(runtime, translator));

    protected override void PreStart()
    {
        translator.Tell(new TranslatorProtocol.Subscribe(new ActorSubscriber(Self)));
        Context.System.EventStream.Subscribe(Self, typeof(DeadLetter));
    }

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Cluster.Snapshot snapshot:
                foreach (var m in snapshot.Membership.MembersAtLeast(Cluster.MemberStatus.Down)) runtime.OnNodeDown(m.Node);
                break;
            case Cluster.MembershipChange change when change.IsAtLeast(Cluster.MemberStatus.Down):
                runtime.OnNodeDown(change.Node);
                break;
            case Cluster.Event:
                break;
            case DeadLetter { Message: LocalInvocation local }:
                local.Call.Fail(RemoteCallErrorKind.TargetNotFound, "The actor has stopped.");
                break;
            case DeadLetter { Message: RemoteInvocation remote } dead when dead.Sender is not null && !dead.Sender.IsNobody():
            {
                // A local sender means Akka.Remote dropped this node's own outgoing call (the link is gated or quarantined).
                var outgoing = !dead.Sender.Path.Address.HasGlobalScope;
                var detail = outgoing
                    ? $"Akka.Remote dropped the call before it left {runtime.Self} (the link to the target's node is gated after a failure, or quarantined)."
                    : $"No actor at {dead.Recipient.Path} with that incarnation on {runtime.Self} (never spawned, or stopped).";
                if (!outgoing) runtime.Log.Warning("Rejected remote call {0} from {1}: {2}", remote.CallId, dead.Sender.Path, detail);
                dead.Sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.TargetNotFound, detail, null));
                break;
            }
            case DeadLetter { Message: OutgoingBatch batch }:
                batch.Drop();
                break;
            case DeadLetter:
                break;
            default:
                Unhandled(message);
                break;
        }
    }
}
