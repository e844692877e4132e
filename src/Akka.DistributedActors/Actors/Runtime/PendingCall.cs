namespace Akka.DistributedActors.Internal;

/// <summary>
/// One call waiting for its reply. It completes exactly once: with the reply, an error, its timeout, cancellation, or the
/// target node going down; whichever comes first removes it from the <see cref="CallTable"/>.
/// </summary>
internal abstract class PendingCall : IThreadPoolWorkItem
{
    private readonly CallTable _table;
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _token;
    private Outcome _outcome;
    private object? _value;

    protected PendingCall(CallTable table, ActorID target, DistributedMethod method)
    {
        _table = table;
        Target = target;
        Method = method;
    }

    public long CallId { get; private set; }

    public ActorID Target { get; }

    public DistributedMethod Method { get; }

    public TimeSpan Timeout { get; private set; }

    public long DeadlineMs { get; private set; }

    /// <summary>The call's client (remote) or internal (local) span; null when nobody traces.</summary>
    public System.Diagnostics.Activity? Activity { get; set; }

    /// <summary>When the call started, for its duration; 0 when no call metric is enabled.</summary>
    public long StartTimestamp { get; set; }

    /// <summary>The remote host the call went to; null for a local call.</summary>
    public Akka.Actor.IActorRef? RemoteTarget { get; private set; }

    /// <summary>Called by the table as it enters the call; <paramref name="deadlineMs"/> is on the table's clock.</summary>
    public void Start(long callId, TimeSpan timeout, long deadlineMs, Akka.Actor.IActorRef? remoteTarget)
    {
        CallId = callId;
        Timeout = timeout;
        DeadlineMs = deadlineMs;
        RemoteTarget = remoteTarget;
    }

    /// <summary>Registered only once the call is in the table, so a cancellation can always find and complete it.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        _token = cancellationToken;
        if (cancellationToken.CanBeCanceled)
            _cancellation = cancellationToken.UnsafeRegister(static s => ((PendingCall)s!).Cancel(), this);
    }

    /// <summary>Whether the caller's token asked for cancellation (a local callee may see it before the caller's callback runs).</summary>
    public bool CancellationRequested => _token.IsCancellationRequested;

    public void Complete(object? result) => Finish(Outcome.Result, result);

    public void Fail(Exception error) => Finish(Outcome.Error, error);

    /// <summary>Completes with a remote reply, decoded (deserialized) on the thread pool rather than on the remoting thread.</summary>
    public void Complete(RemoteReply reply) => Finish(Outcome.Reply, reply);

    public void Fail(RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        Fail(new RemoteCallException(kind, Target, Method.DisplayName, detail, kind == RemoteCallErrorKind.TimedOut ? Timeout : null, inner));

    /// <summary>Fails a call that never got into the table (rejected before sending).</summary>
    public void Reject(RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        SetErrorObserved(new RemoteCallException(kind, Target, Method.DisplayName, detail, null, inner));

    public void TimeOut()
    {
        _table.CancelRemote(this);
        Fail(RemoteCallErrorKind.TimedOut, $"No reply within {Timeout.TotalMilliseconds:0.###} ms.");
    }

    private void Cancel()
    {
        _table.CancelRemote(this);
        Fail(RemoteCallErrorKind.Cancelled, "The caller's CancellationToken was cancelled.");
    }

    /// <summary>
    /// Runs the completion on the thread pool: the caller's continuation then never runs on an actor, timer or remoting
    /// thread, and a reply's deserialization is taken off the remoting thread (one hop, as RunContinuationsAsynchronously
    /// would cost).
    /// </summary>
    void IThreadPoolWorkItem.Execute()
    {
        switch (_outcome)
        {
            case Outcome.Result:
                SetResultObserved(_value);
                break;
            case Outcome.Error:
                SetErrorObserved((Exception)_value!);
                break;
            default:
                if (_table.Codec.TryDecode(this, (RemoteReply)_value!, out var result, out var error)) SetResultObserved(result);
                else SetErrorObserved(error!);
                break;
        }
    }

    // The span and duration end before the caller's continuation runs (it may run inline), so they measure the call alone.
    private void SetResultObserved(object? result)
    {
        if (Activity is not null || StartTimestamp != 0) Telemetry.EndCall(this, null);
        SetResult(result);
    }

    private void SetErrorObserved(Exception error)
    {
        if (Activity is not null || StartTimestamp != 0) Telemetry.EndCall(this, error);
        SetError(error);
    }

    /// <summary>
    /// Takes the call for <paramref name="reply"/> without completing it yet: a <see cref="ReplyBatchCompletion"/> then runs
    /// <see cref="CompleteClaimed"/> on the thread pool. False when something else completed the call first.
    /// </summary>
    public bool TryClaim(RemoteReply reply) => Claim(Outcome.Reply, reply);

    /// <summary>Completes a call taken by <see cref="TryClaim"/> on the current (thread-pool) thread; the caller's continuation may run inline.</summary>
    public void CompleteClaimed() => ((IThreadPoolWorkItem)this).Execute();

    private bool Claim(Outcome outcome, object? value)
    {
        // Whoever removes the call from the table completes it; everyone else lost the race.
        if (!_table.Remove(this)) return false;
        _cancellation.Dispose();
        _outcome = outcome;
        _value = value;
        return true;
    }

    private void Finish(Outcome outcome, object? value)
    {
        if (!Claim(outcome, value)) return;
        // With no other call waiting, the completing thread (usually Akka.Remote's reader, which has just handed over this one
        // reply) queues it locally and runs it as soon as it is free, instead of waking another worker to take it from the global
        // queue (fewer single-caller calls wait for a wake-up, at some cost to the median; the "calls" benchmark measures both). With other calls waiting, the reader's batch may carry more replies, so the global queue spreads their
        // callers over the pool rather than holding them behind the batch.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: _table.NoCallsOutstanding);
    }

    protected abstract void SetResult(object? result);

    protected abstract void SetError(Exception error);

    private enum Outcome
    {
        Result,
        Error,
        Reply,
    }
}

internal sealed class PendingCall<T>(CallTable table, ActorID target, DistributedMethod method) : PendingCall(table, target, method)
{
    // Always completed from a thread-pool work item (see Execute), so continuations may run inline.
    private readonly TaskCompletionSource<T> _completion = new();

    public Task<T> Task => _completion.Task;

    protected override void SetResult(object? result) => _completion.TrySetResult((T)result!);

    protected override void SetError(Exception error) => _completion.TrySetException(error);
}
