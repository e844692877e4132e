namespace Akka.DistributedActors;

/// <summary>A static <see cref="WorkerPool{TWorker, TWork, TResult}"/> has no worker to submit to: it was empty, or all its workers terminated.</summary>
public sealed class WorkerPoolException : Exception
{
    /// <summary>Creates the exception with a message saying why the pool has no worker.</summary>
    public WorkerPoolException(string message) : base(message)
    {
    }
}
