namespace Akka.DistributedActors.Benchmarks;

/// <summary>
/// What one node's subscriber saw while a cluster formed: subscribed, first member Up, all expected members known (any status),
/// all expected members Up.
/// </summary>
internal sealed class FormationWatch
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _firstUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _allKnown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _allUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Ready => _ready.Task;

    public Task<long> FirstUp => _firstUp.Task;

    /// <summary>
    /// When this node first knew all expected members, whatever their status. Unlike Up, which waits for the leader's next
    /// 200 ms tick, this is not rounded to ticks, so it shows how long the joins themselves took.
    /// </summary>
    public Task<long> AllKnown => _allKnown.Task;

    public Task<long> AllUp => _allUp.Task;

    public void SetReady() => _ready.TrySetResult();

    /// <summary>
    /// Records the receive <paramref name="timestamp"/> of an event after which <paramref name="known"/> members are known and
    /// <paramref name="up"/> of them are Up.
    /// </summary>
    public void Observe(int known, int up, int expected, long timestamp)
    {
        if (known >= expected) _allKnown.TrySetResult(timestamp);
        if (up >= 1) _firstUp.TrySetResult(timestamp);
        if (up >= expected) _allUp.TrySetResult(timestamp);
    }

    public void Fail(Exception e)
    {
        _ready.TrySetException(e);
        _firstUp.TrySetException(e);
        _allKnown.TrySetException(e);
        _allUp.TrySetException(e);
    }
}
