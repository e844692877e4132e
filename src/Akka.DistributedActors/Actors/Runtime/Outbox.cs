using System.Collections.Concurrent;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The items waiting to go to one destination (calls and cancellations to a node, or replies to a caller), sent as batches with
/// natural batching (<see cref="BatchPolicy"/>): the first item sends an <see cref="OutgoingBatch"/> at once, and the batch takes its
/// items only when Akka.Remote serializes it on the endpoint writer, so whatever arrived while it travelled through Akka's pipeline
/// goes with it. Items are queued lock-free; the one drain per batch runs under a lock that only batch boundaries take. Items queued
/// while a <see cref="ReplyBatchCompletion"/> runs on the same thread wait for it to end (or to stall), so the calls that the
/// continuations of one reply batch issue leave as one batch.
/// </summary>
internal sealed class Outbox
{
    private readonly ConcurrentQueue<BatchItem> _queue = new();
    private readonly object _gate = new();
    private readonly List<BatchItem> _taken = [];
    private readonly Action<OutgoingBatch> _send;
    private readonly Func<long> _clockMs;

    // The batch sent and not yet serialized, and when it was sent; null when nothing is in flight.
    private OutgoingBatch? _inFlight;
    private long _sentAtMs;
    private long _batches;
    private long _items;

    /// <param name="policy">The limits and the staleness rule.</param>
    /// <param name="send">Hands a new batch to Akka (a Tell); it calls back <see cref="Drain"/> when serialized.</param>
    /// <param name="dropped">Told the frame of a batch that Akka could not deliver (dead letters).</param>
    /// <param name="clockMs">A monotonic clock in milliseconds, for the staleness rule.</param>
    public Outbox(BatchPolicy policy, Action<OutgoingBatch> send, Action<byte[]> dropped, Func<long>? clockMs = null)
    {
        Policy = policy;
        _send = send;
        Dropped = dropped;
        _clockMs = clockMs ?? (static () => Environment.TickCount64);
    }

    public BatchPolicy Policy { get; }

    /// <summary>Batches drained so far and the items they carried (counted under the drain lock, for the benchmark).</summary>
    public (long Batches, long Items) Sent
    {
        get
        {
            lock (_gate) return (_batches, _items);
        }
    }

    public Action<byte[]> Dropped { get; }

    /// <summary>Queues an item (its size was admitted by <see cref="BatchPolicy.Admits"/>) and sends a batch when none is in flight.</summary>
    public void Enqueue(in BatchItem item)
    {
        _queue.Enqueue(item);
        // While a reply batch completes its calls on this thread, their next calls collect here and leave together when it ends.
        if (ReplyBatchCompletion.Defer(this)) return;
        SendIfIdle();
    }

    /// <summary>Sends a batch when items wait and none is in flight (or the one in flight is stale); nothing otherwise.</summary>
    public void SendIfIdle()
    {
        // Orders the enqueue before the read of _inFlight; Drain clears _inFlight with a full fence before it looks at the queue, so
        // either this call sees nothing in flight or that drain sees this item.
        Interlocked.MemoryBarrier();
        var inFlight = Volatile.Read(ref _inFlight);
        var decision = Policy.OnEnqueue(inFlight is null ? null : Volatile.Read(ref _sentAtMs), _clockMs());
        if (decision == EnqueueDecision.Wait || _queue.IsEmpty) return;
        lock (_gate)
        {
            if (_inFlight is { } current)
            {
                if (Policy.OnEnqueue(_sentAtMs, _clockMs()) != EnqueueDecision.ReplaceStale) return;
                current.Abandon();
            }
            if (!_queue.IsEmpty) SendLocked();
        }
    }

    /// <summary>
    /// Takes the items of <paramref name="batch"/> from the queue and writes its frame: called once, when Akka first serializes it
    /// (or when it reaches dead letters unserialized). Sends the next batch at once if items remain.
    /// </summary>
    public byte[] Drain(OutgoingBatch batch)
    {
        lock (_gate)
        {
            if (batch.DrainedFrame is { } frame) return frame;
            frame = batch.Abandoned ? [] : TakeLocked();
            batch.SetDrained(frame);
            if (ReferenceEquals(_inFlight, batch))
            {
                Interlocked.Exchange(ref _inFlight, null);
                if (!_queue.IsEmpty) SendLocked();
            }
            return frame;
        }
    }

    private byte[] TakeLocked()
    {
        var bytes = 0;
        while (_queue.TryPeek(out var next) && Policy.Fits(bytes, _taken.Count, next.Size))
        {
            _queue.TryDequeue(out next);
            _taken.Add(next);
            bytes += next.Size;
        }
        _batches++;
        _items += _taken.Count;
        var frame = new byte[bytes];
        var offset = 0;
        foreach (var item in _taken) offset += BatchFrame.Write(frame.AsSpan(offset), item);
        _taken.Clear();
        return frame;
    }

    private void SendLocked()
    {
        var batch = new OutgoingBatch(this);
        _sentAtMs = _clockMs();
        Volatile.Write(ref _inFlight, batch);
        _send(batch);
    }
}
