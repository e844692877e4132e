namespace Akka.DistributedActors.Internal;

/// <summary>
/// Completes the calls answered by one reply batch in one thread-pool work item, with the outboxes that their continuations send
/// to held until the batch ends: a caller whose continuation runs inline issues its next call into the outbox, and the calls of
/// the whole batch then leave as one call batch, not one Akka message each as they would from a work item per call.
/// </summary>
/// <remarks>
/// The continuations never run on Akka's threads: the remoting reader only claims the calls and queues this work item. A
/// continuation that blocks holds up only the calls of its own batch that come after it; other batches (from this node or any
/// other) run in their own work items, and calls issued on other threads are not held. Even that delay is bounded: the call
/// table's timeout sweep (every 10 ms) sees a batch that made no progress since its last pass, sends what the batch held
/// (a blocked continuation may be waiting on a call it issued itself), and queues the batch again, so another thread completes
/// the remaining calls (<see cref="OnSweep"/>). A lone reply gets no hold (it completes in its own work item), so its caller's next
/// call leaves at once.
/// </remarks>
internal sealed class ReplyBatchCompletion : IThreadPoolWorkItem
{
    // The batch whose continuations run on this thread; null outside one.
    [ThreadStatic] private static ReplyBatchCompletion? _running;

    private readonly CallTable _table;
    private readonly PendingCall[] _calls;
    private readonly int _count;
    private readonly object _gate = new();
    private Outbox? _held;
    private List<Outbox>? _moreHeld;
    private int _started;
    private int _finished;

    /// <summary>A batch of <paramref name="count"/> calls, the first of <paramref name="calls"/>, each taken with <see cref="PendingCall.TryClaim"/>.</summary>
    public ReplyBatchCompletion(CallTable table, PendingCall[] calls, int count)
    {
        _table = table;
        _calls = calls;
        _count = count;
    }

    /// <summary>The calls the batch completes.</summary>
    public int Count => _count;

    /// <summary>Calls whose completion has started (at most the count): the sweep's measure of progress.</summary>
    public int Started => Math.Min(Volatile.Read(ref _started), _count);

    /// <summary>Whether every call has completed.</summary>
    public bool Finished => Volatile.Read(ref _finished) == _count;

    /// <summary><see cref="Started"/> as the previous sweep saw it; written by the sweep only.</summary>
    public int StartedAtLastSweep { get; set; } = -1;

    /// <summary>
    /// What the sweep does with a batch still registered (pure): nothing while it progresses (or has not begun: it waits in the
    /// thread pool's queue, and holds nothing); otherwise send what it holds, and when calls remain that nobody has started, let
    /// another thread complete them.
    /// </summary>
    public static StallAction OnSweep(int startedAtLastSweep, int started, int count, bool finished) =>
        finished || started == 0 || started != startedAtLastSweep ? StallAction.None
        : started < count ? StallAction.ReleaseAndRescue
        : StallAction.Release;

    /// <summary>
    /// Called by <see cref="Outbox.Enqueue"/>: true when a batch completes on this thread, which then holds the outbox and sends its
    /// items when it ends.
    /// </summary>
    public static bool Defer(Outbox outbox)
    {
        if (_running is not { } batch) return false;
        batch.Hold(outbox);
        return true;
    }

    /// <summary>Completes the calls in order; several threads may run it at once after a rescue, each taking the next call.</summary>
    public void Execute()
    {
        var outer = _running;
        _running = this;
        try
        {
            int next;
            while ((next = Interlocked.Increment(ref _started) - 1) < _count)
            {
                _calls[next].CompleteClaimed();
                if (Interlocked.Increment(ref _finished) == _count) _table.EndBatch(this);
            }
        }
        finally
        {
            _running = outer;
            Release();
        }
    }

    /// <summary>Sends what the batch holds (each outbox sends only when nothing is in flight to its destination).</summary>
    public void Release()
    {
        Outbox? held;
        Outbox[]? more;
        lock (_gate)
        {
            held = _held;
            more = _moreHeld?.ToArray();
        }
        held?.SendIfIdle();
        if (more is null) return;
        foreach (var outbox in more) outbox.SendIfIdle();
    }

    private void Hold(Outbox outbox)
    {
        lock (_gate)
        {
            if (_held is null) _held = outbox;
            else if (!ReferenceEquals(_held, outbox) && !(_moreHeld ??= []).Contains(outbox)) _moreHeld.Add(outbox);
        }
    }
}

/// <summary>What the call table's sweep does with a <see cref="ReplyBatchCompletion"/> it finds registered.</summary>
internal enum StallAction
{
    /// <summary>The batch progresses (or waits for a thread): leave it.</summary>
    None,

    /// <summary>Its last calls are running and one has been blocked since the last sweep: send the calls it held.</summary>
    Release,

    /// <summary>A continuation has been blocked since the last sweep and calls remain: send what it held, and queue it again.</summary>
    ReleaseAndRescue,
}
