using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors;

/// <summary>
/// Base class of distributed-actor implementations (Swift's <c>distributed actor</c>). Create instances only inside the factory
/// given to <see cref="ClusterSystem.Spawn{TInterface}(Func{TInterface}, string?)"/> (or through DI with
/// <see cref="ClusterSystem.Spawn{TInterface, TImpl}(string?)"/>): the constructor already sees <see cref="System"/> and
/// <see cref="Id"/>. Each instance is hosted by one Akka actor; its methods run as turns of that actor, never two at once.
/// </summary>
public abstract class DistributedActor : IDistributedActor
{
    // Allocated by the first watch: most instances (a sharded node may hold a hundred thousand) never watch anything.
    private HashSet<ActorID>? _watched;
    private ILoggingAdapter? _log;

    /// <summary>Binds the new instance to the system and identity <c>Spawn</c> prepared; throws when constructed anywhere else.</summary>
    protected DistributedActor()
    {
        var context = ConstructionContext.Current
            ?? throw new InvalidOperationException(
                $"{GetType().Name} is a DistributedActor and must be constructed inside the factory passed to ClusterSystem.Spawn " +
                "(or by Spawn<TInterface, TImpl>()), which gives it its System and Id.");
        ConstructionContext.Current = null;
        System = context.System;
        Id = context.Id;
        Host = context.Host;
    }

    /// <summary>The system hosting this actor (Swift's <c>actorSystem</c>).</summary>
    public ClusterSystem System { get; }

    /// <summary>This actor's identity; pass it (or a proxy) to other nodes, which resolve it with <see cref="ClusterSystem.Resolve{T}(ActorID)"/>.</summary>
    public ActorID Id { get; }

    /// <summary>A logger whose log source is this actor's ID (its lines are the program's, at <c>Logging.LogLevel</c>).</summary>
    protected ILoggingAdapter Log => _log ??= new BusLogging(System.ActorSystem.EventStream, Id.ToString(), GetType(), System.ActorSystem.Settings.LogFormatter);

    internal IActorRef Host { get; }

    /// <summary>
    /// Starts watching <paramref name="actor"/> (Swift's <c>watchTermination(of:)</c>): this actor's
    /// <see cref="ILifecycleWatch.Terminated"/> runs once when it stops, its system shuts down, or its node becomes Down or Removed
    /// (at once if that already happened). Watching itself does nothing. Requires this class to implement <see cref="ILifecycleWatch"/>.
    /// </summary>
    public T WatchTermination<T>(T actor) where T : IDistributedActor
    {
        var id = IdOf(actor);
        if (this is not ILifecycleWatch)
            throw new InvalidOperationException($"{GetType().Name} must implement ILifecycleWatch to watch other actors.");
        if (id.Equals(Id)) return actor;
        var watched = LazyInitializer.EnsureInitialized(ref _watched, static () => new HashSet<ActorID>());
        lock (watched) watched.Add(id);
        Host.Tell(new WatchRequest(id, Watch: true));
        return actor;
    }

    /// <summary>Stops watching <paramref name="actor"/>; a termination not yet delivered is dropped.</summary>
    public T UnwatchTermination<T>(T actor) where T : IDistributedActor
    {
        var id = IdOf(actor);
        if (TakeWatched(id)) Host.Tell(new WatchRequest(id, Watch: false));
        return actor;
    }

    /// <summary>Whether <paramref name="actor"/> is watched and its termination not yet delivered.</summary>
    public bool IsWatching(IDistributedActor actor)
    {
        var id = IdOf(actor);
        if (Volatile.Read(ref _watched) is not { } watched) return false;
        lock (watched) return watched.Contains(id);
    }

    /// <summary>Takes <paramref name="id"/> out of the watch set; true exactly once per watch, so termination is delivered once.</summary>
    internal bool TakeWatched(ActorID id)
    {
        if (Volatile.Read(ref _watched) is not { } watched) return false;
        lock (watched) return watched.Remove(id);
    }

    private static ActorID IdOf(IDistributedActor? actor) =>
        (actor ?? throw new ArgumentNullException(nameof(actor))).Id;

    /// <summary><c>TypeName(id)</c>.</summary>
    public override string ToString() => $"{GetType().Name}({Id})";
}
