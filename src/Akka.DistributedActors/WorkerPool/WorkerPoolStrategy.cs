namespace Akka.DistributedActors;

/// <summary>How a <see cref="WorkerPool{TWorker, TWork, TResult}"/> picks the worker for the next item.</summary>
public enum WorkerPoolStrategy
{
    /// <summary>The workers in turn, in the order they joined the pool (Swift's <c>simpleRoundRobin</c>). The default.</summary>
    RoundRobin,

    /// <summary>A uniformly random worker per item (Swift's <c>random</c>).</summary>
    Random,
}
