using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>Akka DeathWatch on a worker pool's workers: reports each watched actor once when it stops or its node is lost.</summary>
internal sealed class WorkerWatcher(ActorRuntime runtime, Action<ActorID> terminated) : UntypedActor
{
    private readonly WatchedActors _watched = new(runtime);

    public static Props Props(ActorRuntime runtime, Action<ActorID> terminated) =>
        Akka.Actor.Props.Create(() => new WorkerWatcher(runtime, terminated));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Watch watch:
                if (!_watched.Watch(Context, watch.Id)) terminated(watch.Id);
                break;
            case Terminated t:
                if (_watched.TryRemove(t.ActorRef, out var id)) terminated(id);
                break;
            case WatchedTerminated t:
                if (_watched.TryRemoveVirtual(t.Id)) terminated(t.Id);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public sealed record Watch(ActorID Id);
}
