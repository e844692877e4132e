using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka DeathWatch by <see cref="ActorID"/> for one watching actor (a host for its instance's watches, a worker pool's watcher):
/// resolves the ID to the host it names, local or remote, and maps Akka's Terminated back to the ID.
/// </summary>
internal sealed class WatchedActors(ActorRuntime runtime)
{
    private readonly Dictionary<IActorRef, ActorID> _watching = new();

    // Location-transparent actors (sharded entities) have no Akka reference to watch: each instance tells its watchers when it stops.
    private readonly HashSet<ActorID> _virtual = [];

    /// <summary>Watches <paramref name="target"/>; false when it is known to be gone already (not hosted here, or its node is down).</summary>
    public bool Watch(IActorContext context, ActorID target)
    {
        if (runtime.ResolveVirtual(target, null) is { } entity)
        {
            if (_virtual.Add(target)) entity.Tell(new WatchEntity(context.Self, Watch: true), context.Self);
            return true;
        }
        IActorRef actorRef;
        if (runtime.IsLocal(target))
        {
            if (!runtime.Locals.TryGetHost(target, out actorRef)) return false;
        }
        else
        {
            if (runtime.Calls.IsDown(target.Node)) return false;
            actorRef = runtime.ResolveRemote(target);
        }
        context.Watch(actorRef);
        _watching[actorRef] = target;
        return true;
    }

    public void Unwatch(IActorContext context, ActorID target)
    {
        if (_virtual.Remove(target))
        {
            runtime.ResolveVirtual(target, null)?.Tell(new WatchEntity(context.Self, Watch: false), context.Self);
            return;
        }
        foreach (var (actorRef, id) in _watching)
        {
            if (!id.Equals(target)) continue;
            _watching.Remove(actorRef);
            context.Unwatch(actorRef);
            return;
        }
    }

    /// <summary>The ID of a watched actor Akka reported terminated; false when it was not watched (or already reported).</summary>
    public bool TryRemove(IActorRef terminated, out ActorID id) => _watching.Remove(terminated, out id!);

    /// <summary>The ID of a watched location-transparent actor that reported it stopped; false when it was not watched.</summary>
    public bool TryRemoveVirtual(ActorID id) => _virtual.Remove(id);

    /// <summary>Stops watching, and returns, every actor on <paramref name="node"/>.</summary>
    public List<ActorID> RemoveOnNode(ICanWatch context, UniqueNode node)
    {
        var gone = new List<ActorID>();
        foreach (var (actorRef, id) in _watching.Where(kv => kv.Value.Node.Equals(node)).ToList())
        {
            _watching.Remove(actorRef);
            context.Unwatch(actorRef);
            gone.Add(id);
        }
        return gone;
    }
}
