using System.Collections.Concurrent;
using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The calls of one system that wait for their outcome, by call id: replies, timeouts (a periodic sweep on the
/// <see cref="TimeProvider"/>), nodes going down and the system shutting down each complete them. Every completion goes through
/// <see cref="Remove"/>, so each call completes once whoever comes first. The sweep also watches the reply batches being completed
/// (<see cref="ReplyBatchCompletion"/>), so a continuation that blocks holds up the rest of its batch for two sweeps at most.
/// </summary>
internal sealed class CallTable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(10);

    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<UniqueNode, bool> _downNodes = new();
    private readonly ConcurrentDictionary<ReplyBatchCompletion, bool> _completing = new();
    private readonly string _owner;
    private readonly IActorRef _replyTo;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ITimer _sweeper;
    private long _nextCallId;

    // Number of calls in _pending, kept apart because ConcurrentDictionary.Count locks every bucket.
    private int _outstanding;

    // Number of nodes in _downNodes: calls check it before hashing the target node, and it stays 0 until a node goes down.
    private int _downCount;
    private volatile bool _shutDown;

    /// <param name="owner">The system, as named in error messages.</param>
    /// <param name="codec">Decodes the replies of remote calls.</param>
    /// <param name="replyTo">The sender of cancellations, where the remote host sends its replies.</param>
    /// <param name="time">The clock of deadlines and the sweep.</param>
    public CallTable(string owner, ReplyCodec codec, IActorRef replyTo, TimeProvider time)
    {
        _owner = owner;
        Codec = codec;
        _replyTo = replyTo;
        _time = time;
        _origin = time.GetTimestamp();
        _sweeper = time.CreateTimer(static s => ((CallTable)s!).Sweep(), this, SweepInterval, SweepInterval);
    }

    public ReplyCodec Codec { get; }

    /// <summary>Milliseconds on the table's clock; deadlines are on the same scale.</summary>
    public long NowMs => (long)_time.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>True when no call is waiting for its outcome (read after removing the one being completed).</summary>
    public bool NoCallsOutstanding => Volatile.Read(ref _outstanding) == 0;

    public long NextCallId() => Interlocked.Increment(ref _nextCallId);

    public bool IsDown(UniqueNode node) => Volatile.Read(ref _downCount) != 0 && _downNodes.ContainsKey(node);

    /// <summary>Enters a call under <paramref name="id"/>; its deadline starts now. Fails it at once when the system has shut down.</summary>
    public void Register(PendingCall call, long id, TimeSpan timeout, IActorRef? remote, CancellationToken cancellationToken)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : NowMs + (long)Math.Ceiling(timeout.TotalMilliseconds);
        call.Start(id, timeout, deadline, remote);
        Interlocked.Increment(ref _outstanding);
        _pending[id] = call;
        call.RegisterCancellation(cancellationToken);
        if (_shutDown) call.Fail(RemoteCallErrorKind.ClusterShutDown, $"{_owner} has shut down.");
    }

    /// <summary>Takes a call out of the table; only the caller that gets true may complete it.</summary>
    public bool Remove(PendingCall call)
    {
        if (!_pending.TryRemove(new KeyValuePair<long, PendingCall>(call.CallId, call))) return false;
        Interlocked.Decrement(ref _outstanding);
        return true;
    }

    /// <summary>Tells the remote host that the caller gave up, when the method can observe it (takes a CancellationToken).</summary>
    public void CancelRemote(PendingCall call)
    {
        if (call.Method.HasCancellationToken) call.RemoteTarget?.Tell(new CancelInvocation(call.CallId), _replyTo);
    }

    public void OnReply(RemoteReply reply)
    {
        if (_pending.TryGetValue(reply.CallId, out var call)) call.Complete(reply);
    }

    /// <summary>
    /// Completes the calls that a batch of <paramref name="replies"/> answers: one call as <see cref="OnReply"/> does, several in one
    /// work item (<see cref="ReplyBatchCompletion"/>). Runs on the remoting thread, which only claims the calls.
    /// </summary>
    public void OnReplies(List<RemoteReply> replies)
    {
        if (replies.Count == 1)
        {
            OnReply(replies[0]);
            return;
        }
        var calls = new PendingCall[replies.Count];
        var count = 0;
        foreach (var reply in replies)
        {
            if (_pending.TryGetValue(reply.CallId, out var call) && call.TryClaim(reply)) calls[count++] = call;
        }
        if (count == 0) return;
        if (count == 1)
        {
            ThreadPool.UnsafeQueueUserWorkItem(calls[0], preferLocal: NoCallsOutstanding);
            return;
        }
        var batch = new ReplyBatchCompletion(this, calls, count);
        _completing[batch] = true;
        ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
    }

    /// <summary>Called by a reply batch once every one of its calls has completed.</summary>
    public void EndBatch(ReplyBatchCompletion batch) => _completing.TryRemove(batch, out _);

    /// <summary>Records <paramref name="node"/> as down and fails the remote calls to it; false when it was known already.</summary>
    public bool MarkDown(UniqueNode node)
    {
        if (!_downNodes.TryAdd(node, true)) return false;
        // A full fence before the scan: a call registered concurrently either is seen here or sees the node down (see Send).
        Interlocked.Increment(ref _downCount);
        foreach (var call in _pending.Values)
        {
            if (call.RemoteTarget is not null && call.Target.Node.Equals(node))
                call.Fail(RemoteCallErrorKind.NodeDown, $"Node {node} went down while the call was in flight.");
        }
        return true;
    }

    /// <summary>Times out every call whose deadline has passed; runs on the sweep timer.</summary>
    public void Sweep()
    {
        var now = NowMs;
        // The dictionary's own enumerator takes no locks and copies nothing (Values would lock every bucket and build a list,
        // stalling concurrent calls every sweep); a call added during the sweep is simply checked by the next one.
        foreach (var (_, call) in _pending)
        {
            if (call.DeadlineMs <= now) call.TimeOut();
        }
        foreach (var (batch, _) in _completing)
        {
            var started = batch.Started;
            var action = ReplyBatchCompletion.OnSweep(batch.StartedAtLastSweep, started, batch.Count, batch.Finished);
            batch.StartedAtLastSweep = started;
            if (action == StallAction.None) continue;
            batch.Release();
            if (action == StallAction.ReleaseAndRescue) ThreadPool.UnsafeQueueUserWorkItem(batch, preferLocal: false);
        }
    }

    /// <summary>Stops the sweep and fails every waiting call; calls registered later fail at once.</summary>
    public void Shutdown()
    {
        _shutDown = true;
        _sweeper.Dispose();
        foreach (var call in _pending.Values) call.Fail(RemoteCallErrorKind.ClusterShutDown, $"{_owner} shut down before the reply arrived.");
    }
}
