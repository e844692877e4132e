using System.Collections.Concurrent;
using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The distributed actors this system hosts: spawning (an <see cref="ActorHost"/> per instance), their IDs, stopping, and the
/// table from ID to host that local calls and watches go through.
/// </summary>
internal sealed class LocalActors(ActorRuntime runtime, ExtendedActorSystem akka)
{
    private readonly ConcurrentDictionary<ActorID, LocalActor> _actors = new();
    private int _nextActorNumber;

    /// <summary>Spawns under <paramref name="parent"/> (a singleton's manager child) or, when null, as a top-level user actor.</summary>
    public TInterface Spawn<TInterface>(Func<object> create, string? name, string baseName, IActorRefFactory? parent = null)
        where TInterface : class, IDistributedActor
    {
        if (runtime.IsShutDown) throw new InvalidOperationException($"{runtime.System} has shut down; no actors can be spawned on it.");
        var description = runtime.Describe(typeof(TInterface));
        name ??= $"{baseName}-{Interlocked.Increment(ref _nextActorNumber)}";
        var host = (parent ?? akka).ActorOf(ActorHost.Props(runtime), name);
        var id = IdOf(host);
        var previous = ConstructionContext.Current;
        object instance;
        ConstructionContext.Current = new ConstructionContext(runtime.System, id, host);
        try
        {
            instance = create();
        }
        catch
        {
            akka.Stop(host);
            throw;
        }
        finally
        {
            ConstructionContext.Current = previous;
        }
        if (instance is not DistributedActor actor || !ReferenceEquals(actor.Host, host) || instance is not TInterface)
        {
            akka.Stop(host);
            throw new InvalidOperationException(
                $"The factory passed to Spawn<{typeof(TInterface).Name}> must return a new instance of a class deriving DistributedActor " +
                $"and implementing {typeof(TInterface).Name}, constructed inside the factory; it returned {instance?.GetType().Name ?? "null"}.");
        }
        MethodTable methods;
        try
        {
            methods = MethodTable.For(instance.GetType(), runtime.Log);
        }
        catch
        {
            akka.Stop(host);
            throw;
        }
        _actors[id] = new LocalActor(host, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        host.Tell(new HostInit(actor, methods));
        return (TInterface)description.CreateProxy(new ProxyTarget(runtime, id, null));
    }

    /// <summary>Stops a local actor after its current turn; the task completes once its host has stopped.</summary>
    public Task StopAsync(IDistributedActor actor)
    {
        var id = (actor ?? throw new ArgumentNullException(nameof(actor))).Id;
        if (!runtime.IsLocal(id))
            throw new InvalidOperationException($"Only actors hosted by this system ({runtime.Self}) can be stopped here; {id} lives on {id.Node}.");
        if (!_actors.TryGetValue(id, out var local)) return Task.CompletedTask;
        akka.Stop(local.Host);
        return local.Stopped.Task;
    }

    /// <summary>The ID of the actor a local host runs: its path and uid on this node.</summary>
    public ActorID IdOf(IActorRef host) => new(runtime.Self, host.Path.ToStringWithoutAddress(), unchecked((uint)host.Path.Uid));

    public bool TryGetHost(ActorID id, out IActorRef host)
    {
        var found = _actors.TryGetValue(id, out var local);
        host = found ? local!.Host : ActorRefs.Nobody;
        return found;
    }

    public void OnHostStopped(IActorRef host)
    {
        // A host stopped before its HostInit (stop is a system message, so it overtakes mail) still has an entry to clear.
        if (_actors.TryRemove(IdOf(host), out var local)) local.Stopped.TrySetResult();
    }

    /// <summary>Tells every host that <paramref name="node"/> is down, so the actors watched there are reported terminated.</summary>
    public void OnNodeDown(UniqueNode node)
    {
        foreach (var local in _actors.Values) local.Host.Tell(new NodeDownNotice(node));
    }

    private sealed record LocalActor(IActorRef Host, TaskCompletionSource Stopped);
}
