using Akka.Actor;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// Spreads work over distributed workers (Swift's <c>WorkerPool</c>): a dynamic pool takes every worker the receptionist lists under
/// its key, a static pool a fixed set; workers are watched and leave the pool when they stop or their node goes down. Submitting
/// to a dynamic pool without workers waits for one; a static pool without workers throws <see cref="WorkerPoolException"/>.
/// Dispose it to stop listening and watching.
/// </summary>
public sealed class WorkerPool<TWorker, TWork, TResult> : IAsyncDisposable
    where TWorker : class, IDistributedWorker<TWork, TResult>
{
    private readonly object _gate = new();
    private readonly List<TWorker> _workers = [];
    private readonly WorkerPoolStrategy _strategy;
    private readonly bool _dynamic;
    private readonly IActorRef _watcher;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _listening;
    private TaskCompletionSource _available = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;
    private bool _exhausted;

    /// <summary>Creates a pool on <paramref name="system"/> from <paramref name="selector"/>, picking workers by <paramref name="strategy"/> (default round-robin).</summary>
    public WorkerPool(ClusterSystem system, WorkerPoolSelector<TWorker> selector, WorkerPoolStrategy strategy = WorkerPoolStrategy.RoundRobin)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(selector);
        if (!Enum.IsDefined(strategy)) throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "Unknown WorkerPoolStrategy.");
        _strategy = strategy;
        _dynamic = selector.Key is not null;
        _watcher = system.ActorSystem.ActorOf(WorkerWatcher.Props(system.Actors, OnTerminated));
        if (selector.Workers is { } fixedWorkers)
        {
            foreach (var worker in fixedWorkers) Add(worker);
            _listening = Task.CompletedTask;
        }
        else
        {
            _listening = ListenAsync(system, selector.Key!, _stop.Token);
        }
    }

    /// <summary>The workers in the pool now, in joining order.</summary>
    public IReadOnlyList<TWorker> Workers
    {
        get
        {
            lock (_gate) return _workers.ToList();
        }
    }

    /// <summary>
    /// Submits <paramref name="work"/> to the next worker and returns its result. A dynamic pool waits (until
    /// <paramref name="cancellationToken"/> is cancelled) while it has no worker; a static one throws <see cref="WorkerPoolException"/>.
    /// A worker that fails the call because it stopped or its node went down leaves the pool; the error reaches the caller.
    /// </summary>
    public async Task<TResult> SubmitAsync(TWork work, CancellationToken cancellationToken = default)
    {
        var worker = await NextAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await worker.Submit(work).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RemoteCallException e) when (e.Kind is RemoteCallErrorKind.TargetNotFound or RemoteCallErrorKind.NodeDown)
        {
            OnTerminated(worker.Id);
            throw;
        }
    }

    /// <summary>Stops listening for and watching workers; submissions already running complete.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _watcher.Tell(PoisonPill.Instance);
        try
        {
            await _listening.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The listing ends by cancellation.
        }
        _stop.Dispose();
    }

    private async Task<TWorker> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task available;
            lock (_gate)
            {
                if (_workers.Count > 0)
                {
                    var index = _strategy == WorkerPoolStrategy.Random ? System.Random.Shared.Next(_workers.Count) : _next++ % _workers.Count;
                    return _workers[index];
                }
                if (!_dynamic)
                    throw new WorkerPoolException(!_exhausted
                        ? "The static worker pool has no workers."
                        : "Every worker of the static worker pool has terminated.");
                available = _available.Task;
            }
            await available.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ListenAsync(ClusterSystem system, DistributedReception.Key<TWorker> key, CancellationToken cancellationToken)
    {
        await Task.Yield();
        await foreach (var worker in system.Receptionist.Listing(key, cancellationToken).ConfigureAwait(false)) Add(worker);
    }

    private void Add(TWorker worker)
    {
        lock (_gate)
        {
            if (_workers.Any(w => w.Id.Equals(worker.Id))) return;
            _workers.Add(worker);
            _available.TrySetResult();
        }
        _watcher.Tell(new WorkerWatcher.Watch(worker.Id));
    }

    private void OnTerminated(ActorID id)
    {
        lock (_gate)
        {
            if (_workers.RemoveAll(w => w.Id.Equals(id)) == 0) return;
            if (_workers.Count > 0) return;
            _exhausted = true;
            _available = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
