namespace Akka.DistributedActors.Internal;

/// <summary>
/// One call waiting for its reply. It completes exactly once: with the reply, an error, its timeout, cancellation, or the
/// target node going down; whichever comes first removes it from the runtime's table.
/// </summary>
internal abstract class PendingCall
{
    private readonly ActorRuntime _runtime;
    private CancellationTokenRegistration _cancellation;
    private CancellationToken _token;

    protected PendingCall(ActorRuntime runtime, ActorID target, DistributedMethod method)
    {
        _runtime = runtime;
        Target = target;
        Method = method;
    }

    public long CallId { get; private set; }

    public ActorID Target { get; }

    public DistributedMethod Method { get; }

    public TimeSpan Timeout { get; private set; }

    public long DeadlineMs { get; private set; }

    /// <summary>The remote host the call went to; null for a local call.</summary>
    public Akka.Actor.IActorRef? RemoteTarget { get; private set; }

    public void Start(long callId, TimeSpan timeout, Akka.Actor.IActorRef? remoteTarget)
    {
        CallId = callId;
        Timeout = timeout;
        RemoteTarget = remoteTarget;
        DeadlineMs = timeout == System.Threading.Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Environment.TickCount64 + (long)Math.Ceiling(timeout.TotalMilliseconds);
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

    public void Complete(object? result)
    {
        if (!_runtime.Remove(this)) return;
        _cancellation.Dispose();
        SetResult(result);
    }

    public void Fail(Exception error)
    {
        if (!_runtime.Remove(this)) return;
        _cancellation.Dispose();
        SetError(error);
    }

    public void Fail(RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        Fail(new RemoteCallException(kind, Target, Method.DisplayName, detail, kind == RemoteCallErrorKind.TimedOut ? Timeout : null, inner));

    /// <summary>Fails a call that never got into the table (rejected before sending).</summary>
    public void Reject(RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        SetError(new RemoteCallException(kind, Target, Method.DisplayName, detail, null, inner));

    public void TimeOut()
    {
        _runtime.CancelRemote(this);
        Fail(RemoteCallErrorKind.TimedOut, $"No reply within {Timeout.TotalMilliseconds:0.###} ms.");
    }

    private void Cancel()
    {
        _runtime.CancelRemote(this);
        Fail(RemoteCallErrorKind.Cancelled, "The caller's CancellationToken was cancelled.");
    }

    protected abstract void SetResult(object? result);

    protected abstract void SetError(Exception error);
}

internal sealed class PendingCall<T>(ActorRuntime runtime, ActorID target, DistributedMethod method) : PendingCall(runtime, target, method)
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    protected override void SetResult(object? result) => _completion.TrySetResult((T)result!);

    protected override void SetError(Exception error) => _completion.TrySetException(error);
}
