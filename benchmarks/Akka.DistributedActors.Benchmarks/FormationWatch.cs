namespace Akka.DistributedActors.Benchmarks;

/// <summary>What one node's subscriber saw while a cluster formed: subscribed, first member Up, all expected members Up.</summary>
internal sealed class FormationWatch
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _allUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public Task<long> FirstUp => _firstUp.Task;

    public Task<long> AllUp => _allUp.Task;

    public void SetReady() => _ready.TrySetResult();

    /// <summary>Records the receive <paramref name="timestamp"/> of an event after which <paramref name="up"/> members are Up.</summary>
    public void Observe(int up, int expected, long timestamp)
    {
        if (up >= 1) _firstUp.TrySetResult(timestamp);
        if (up >= expected) _allUp.TrySetResult(timestamp);
    }

    public void Fail(Exception e)
    {
        _ready.TrySetException(e);
        _firstUp.TrySetException(e);
        _allUp.TrySetException(e);
    }
}
