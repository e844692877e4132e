using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// Cluster-wide registry of distributed actors by <see cref="DistributedReception.Key{T}"/> (Swift's receptionist), replicated
/// with Akka.DistributedData: a check-in is written locally and gossiped, so other nodes see it after the gossip delay
/// (see <see cref="ReceptionistSettings"/> and docs/receptionist-singleton-pool.md). Registered actors that stop, or whose node
/// becomes Down or Removed, are removed on every node. Obtain it from <see cref="ClusterSystem.Receptionist"/>.
/// </summary>
public sealed class Receptionist
{
    private static readonly ImmutableHashSet<ActorID> None = ImmutableHashSet<ActorID>.Empty;

    private readonly object _gate = new();
    private readonly ClusterSystem _system;
    private readonly IActorRef _actor;
    private readonly List<Listener> _listeners = [];
    private ImmutableDictionary<string, ImmutableHashSet<ActorID>> _registrations = ImmutableDictionary<string, ImmutableHashSet<ActorID>>.Empty;
    private bool _closed;

    internal Receptionist(ClusterSystem system, IActorRef translator)
    {
        _system = system;
        _actor = ((ExtendedActorSystem)system.ActorSystem)
            .SystemActorOf(ReceptionistActor.Props(this, translator), ReceptionistActor.Name);
    }

    /// <summary>
    /// Registers <paramref name="actor"/> under <paramref name="key"/> (Swift's <c>checkIn</c>); completes once this node's replica
    /// holds it, so this node's <see cref="Lookup{T}"/> already lists it. Checking in again is a no-op. Only actors hosted by this
    /// node can check in (<see cref="ArgumentException"/> otherwise); the registration lasts until the actor stops.
    /// </summary>
    public Task CheckInAsync<T>(T actor, DistributedReception.Key<T> key) where T : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(key);
        var id = actor.Id;
        var runtime = _system.Actors;
        if (!runtime.IsLocal(id))
            throw new ArgumentException($"Only actors hosted by this node ({runtime.Self}) can check in; {id} lives on {id.Node}.", nameof(actor));
        if (!runtime.Locals.TryGetHost(id, out var host))
            throw new ArgumentException($"{id} is not running on this node (it stopped), so it cannot check in.", nameof(actor));
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _actor.Tell(new ReceptionistActor.CheckIn(key.StorageId, id, host, done));
        return done.Task;
    }

    /// <summary>The actors registered under <paramref name="key"/> as this node's replica knows them now (Swift's <c>lookup</c>), as proxies.</summary>
    public IReadOnlyList<T> Lookup<T>(DistributedReception.Key<T> key) where T : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(key);
        ImmutableHashSet<ActorID> ids;
        lock (_gate) ids = _registrations.GetValueOrDefault(key.StorageId, None);
        return ids.Select(_system.Resolve<T>).ToList();
    }

    /// <summary>
    /// Yields every actor registered under <paramref name="key"/> once (Swift's <c>listing(of:)</c>): those registered now first,
    /// then each new one as this node learns of it. Removals are not reported (watch the actors for that). Cancelling
    /// <paramref name="cancellationToken"/> ends the enumeration with <see cref="OperationCanceledException"/>; it ends normally when
    /// the system shuts down.
    /// </summary>
    public async IAsyncEnumerable<T> Listing<T>(DistributedReception.Key<T> key, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, IDistributedActor
    {
        ArgumentNullException.ThrowIfNull(key);
        Telemetry.ReceptionistListings.Add(1, new KeyValuePair<string, object?>(Telemetry.KeyTag, key.Id));
        var listener = new Listener(key.StorageId);
        lock (_gate)
        {
            if (_closed) listener.Close();
            else _listeners.Add(listener);
            listener.Offer(_registrations.GetValueOrDefault(key.StorageId, None));
        }
        try
        {
            await foreach (var id in listener.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return _system.Resolve<T>(id);
        }
        finally
        {
            lock (_gate) _listeners.Remove(listener);
        }
    }

    /// <summary>The replica's full content, minus actors of Down/Removed nodes.</summary>
    internal void Replace(ImmutableDictionary<string, ImmutableHashSet<ActorID>> registrations)
    {
        lock (_gate)
        {
            _registrations = registrations;
            foreach (var listener in _listeners) listener.Offer(registrations.GetValueOrDefault(listener.StorageId, None));
        }
    }

    /// <summary>A local check-in or removal, applied before the replica's next change notification.</summary>
    internal void Apply(string storageId, ActorID id, bool added)
    {
        lock (_gate)
        {
            var set = _registrations.GetValueOrDefault(storageId, None);
            set = added ? set.Add(id) : set.Remove(id);
            _registrations = set.IsEmpty ? _registrations.Remove(storageId) : _registrations.SetItem(storageId, set);
            if (!added) return;
            foreach (var listener in _listeners)
            {
                if (listener.StorageId == storageId) listener.Offer(set);
            }
        }
    }

    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
            foreach (var listener in _listeners) listener.Close();
        }
    }

    private sealed class Listener(string storageId)
    {
        private readonly Channel<ActorID> _channel = Channel.CreateUnbounded<ActorID>(new UnboundedChannelOptions { SingleReader = true });
        private readonly HashSet<ActorID> _seen = [];

        public string StorageId { get; } = storageId;

        public ChannelReader<ActorID> Reader => _channel.Reader;

        public void Offer(ImmutableHashSet<ActorID> ids)
        {
            foreach (var id in ids)
            {
                if (_seen.Add(id)) _channel.Writer.TryWrite(id);
            }
        }

        public void Close() => _channel.Writer.TryComplete();
    }
}
