using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>Akka DeathWatch on a worker pool's workers: reports each watched actor once when it stops or its node is lost.</summary>
internal sealed class WorkerWatcher(ActorRuntime runtime, Action<ActorID> terminated) : UntypedActor
{
    private readonly Dictionary<IActorRef, ActorID> _watched = new();

    public static Props Props(ActorRuntime runtime, Action<ActorID> terminated) =>
        Akka.Actor.Props.Create(() => new WorkerWatcher(runtime, terminated));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Watch watch:
                IActorRef target;
                if (runtime.IsLocal(watch.Id))
                {
                    if (!runtime.TryGetLocalHost(watch.Id, out target))
                    {
                        terminated(watch.Id);
                        return;
                    }
                }
                else
                {
                    target = runtime.ResolveRemote(watch.Id);
                }
                _watched[target] = watch.Id;
                Context.Watch(target);
                break;
            case Terminated t:
                if (_watched.Remove(t.ActorRef, out var id)) terminated(id);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public sealed record Watch(ActorID Id);
}
