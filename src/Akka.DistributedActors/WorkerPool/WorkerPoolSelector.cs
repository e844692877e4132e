namespace Akka.DistributedActors;

/// <summary>Where a <see cref="WorkerPool{TWorker, TWork, TResult}"/> finds its workers (Swift's <c>WorkerPool.Selector</c>).</summary>
public sealed class WorkerPoolSelector<TWorker> where TWorker : class, IDistributedActor
{
    private WorkerPoolSelector(DistributedReception.Key<TWorker>? key, IReadOnlyList<TWorker>? workers)
    {
        Key = key;
        Workers = workers;
    }

    /// <summary>The receptionist key of a dynamic pool; null for a static one.</summary>
    public DistributedReception.Key<TWorker>? Key { get; }

    /// <summary>The fixed workers of a static pool; null for a dynamic one.</summary>
    public IReadOnlyList<TWorker>? Workers { get; }

    /// <summary>Every actor checked in under <paramref name="key"/> on any node joins the pool as the receptionist lists it.</summary>
    public static WorkerPoolSelector<TWorker> Dynamic(DistributedReception.Key<TWorker> key) =>
        new(key ?? throw new ArgumentNullException(nameof(key)), null);

    /// <summary>Exactly these workers; the pool is exhausted once all of them have terminated.</summary>
    public static WorkerPoolSelector<TWorker> Static(IEnumerable<TWorker> workers)
    {
        ArgumentNullException.ThrowIfNull(workers);
        var list = workers.ToList();
        if (list.Any(w => w is null)) throw new ArgumentException("The workers of a static pool must not be null.", nameof(workers));
        return new(null, list.DistinctBy(w => w.Id).ToList());
    }
}
