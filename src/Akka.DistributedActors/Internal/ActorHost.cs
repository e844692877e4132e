using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The Akka actor hosting one <see cref="DistributedActor"/> (DESIGN.md seam 3). Every call, every resumed <c>await</c> and every
/// termination notice is a message, so the instance's turns never overlap. Reentrant by default: a new call may start while
/// another awaits; with <see cref="NonReentrantAttribute"/> new calls wait until the running one completes.
/// </summary>
internal sealed class ActorHost : UntypedActor
{
    private readonly ActorRuntime _runtime;
    private readonly ActorSynchronizationContext _context;
    private readonly IActorRef _self;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<(object Message, IActorRef Sender)> _waiting = new();
    private readonly Dictionary<IActorRef, ActorID> _watching = new();

    // Calls still running when the actor stops are answered with TargetNotFound; guarded because they finish on any thread.
    private readonly HashSet<CallState> _inFlight = [];
    private readonly Dictionary<(IActorRef, long), CancellationTokenSource> _remoteCancellations = new();

    private DistributedActor? _actor;
    private MethodTable? _methods;
    private int _running;

    public ActorHost(ActorRuntime runtime)
    {
        _runtime = runtime;
        _self = Self;
        _context = new ActorSynchronizationContext(_self);
    }

    public static Props Props(ActorRuntime runtime) => Akka.Actor.Props.Create(() => new ActorHost(runtime));

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Continuation c:
                RunTurn(c.Callback, c.State);
                break;
            case LocalInvocation or RemoteInvocation:
                if (_methods!.NonReentrant && _running > 0) _waiting.Enqueue((message, Sender));
                else StartCall(message, Sender);
                break;
            case CallFinished:
                _running--;
                while (_running == 0 && _waiting.TryDequeue(out var next)) StartCall(next.Message, next.Sender);
                break;
            case CancelInvocation cancel:
                CancellationTokenSource? cts;
                lock (_inFlight) _remoteCancellations.Remove((Sender, cancel.CallId), out cts);
                cts?.Cancel();
                break;
            case HostInit init:
                _actor = init.Actor;
                _methods = init.Methods;
                break;
            case WatchRequest w:
                if (w.Watch) Watch(w.Target);
                else Unwatch(w.Target);
                break;
            case Terminated t:
                if (_watching.Remove(t.ActorRef, out var id)) DeliverTerminated(id);
                break;
            case NodeDownNotice down:
                foreach (var (actorRef, watched) in _watching.Where(kv => kv.Value.Node.Equals(down.Node)).ToList())
                {
                    _watching.Remove(actorRef);
                    Context.Unwatch(actorRef);
                    DeliverTerminated(watched);
                }
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        _runtime.OnHostStopped(_self);
        List<CallState> running;
        lock (_inFlight)
        {
            running = _inFlight.ToList();
            _inFlight.Clear();
            foreach (var cts in _remoteCancellations.Values) cts.Cancel();
            _remoteCancellations.Clear();
        }
        foreach (var call in running) call.Abandon();
        foreach (var (message, sender) in _waiting) AnswerNotFound(message, sender, "The actor stopped before the call started.");
        _waiting.Clear();
    }

    private void StartCall(object message, IActorRef sender)
    {
        var actor = _actor!;
        DistributedMethod method;
        object?[] arguments;
        CancellationToken cancellationToken;
        CallState state;
        if (message is LocalInvocation local)
        {
            method = local.Call.Method;
            arguments = local.Arguments;
            cancellationToken = local.CancellationToken;
            state = new CallState(this, method, local.Call, null, 0);
        }
        else
        {
            var remote = (RemoteInvocation)message;
            if (!_methods!.TryGet(remote.MethodId, out method))
            {
                sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.TargetNotFound,
                    $"{actor.GetType().Name} has no distributed method with wire id {remote.MethodId} (do both nodes use the same interface version?).", null), Self);
                return;
            }
            try
            {
                arguments = ArgumentCodec.ReadArguments(_runtime.Serializer, method, remote.Arguments);
            }
            catch (Exception e)
            {
                sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.SerializationFailed,
                    $"The arguments could not be deserialized on {_runtime.Self}: {e.GetType().Name}: {e.Message}", null), Self);
                return;
            }
            cancellationToken = CancellationToken.None;
            if (method.HasCancellationToken)
            {
                var cts = new CancellationTokenSource();
                lock (_inFlight) _remoteCancellations[(sender, remote.CallId)] = cts;
                cancellationToken = cts.Token;
            }
            state = new CallState(this, method, null, sender, remote.CallId);
        }

        if (_methods!.NonReentrant) _running++;
        Task task;
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            task = method.Invoke(actor, arguments, cancellationToken);
        }
        catch (Exception e)
        {
            task = Task.FromException(e);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        if (task.IsCompleted)
        {
            state.Finish(task);
            if (_methods.NonReentrant) _running--;
            return;
        }
        lock (_inFlight) _inFlight.Add(state);
        state.Async = true;
        task.ContinueWith(static (t, s) => ((CallState)s!).Finish(t), state, CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void RunTurn(SendOrPostCallback callback, object? state)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_context);
        try
        {
            callback(state);
        }
        catch (Exception e)
        {
            _log.Error(e, "A continuation of {0} threw.", _actor);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private void Watch(ActorID target)
    {
        if (_runtime.IsLocal(target))
        {
            if (_runtime.TryGetLocalHost(target, out var host))
            {
                Context.Watch(host);
                _watching[host] = target;
            }
            else
            {
                DeliverTerminated(target);
            }
            return;
        }
        if (_runtime.IsDown(target.Node))
        {
            DeliverTerminated(target);
            return;
        }
        var remote = _runtime.ResolveRemote(target);
        Context.Watch(remote);
        _watching[remote] = target;
    }

    private void Unwatch(ActorID target)
    {
        foreach (var (actorRef, id) in _watching)
        {
            if (!id.Equals(target)) continue;
            _watching.Remove(actorRef);
            Context.Unwatch(actorRef);
            return;
        }
    }

    private void DeliverTerminated(ActorID id)
    {
        if (_actor is not ILifecycleWatch watcher || !_actor.TakeWatched(id)) return;
        RunTurn(static s =>
        {
            var (watcher, id, log) = ((ILifecycleWatch, ActorID, ILoggingAdapter))s!;
            Task task;
            try
            {
                task = watcher.Terminated(id);
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            task.ContinueWith(static (t, l) => ((ILoggingAdapter)l!).Error(t.Exception!.InnerException, "Terminated(...) threw."),
                log, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }, (watcher, id, _log));
    }

    private void AnswerNotFound(object message, IActorRef sender, string detail)
    {
        if (message is LocalInvocation local) local.Call.Fail(RemoteCallErrorKind.TargetNotFound, detail);
        else if (message is RemoteInvocation remote) sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.TargetNotFound, detail, null));
    }

    /// <summary>One running call: where its answer goes once the method's task completes.</summary>
    private sealed class CallState(ActorHost host, DistributedMethod method, PendingCall? local, IActorRef? replyTo, long callId)
    {
        public bool Async { get; set; }

        public void Finish(Task task)
        {
            if (Async)
            {
                lock (host._inFlight)
                {
                    if (!host._inFlight.Remove(this)) return;
                    if (method.HasCancellationToken && replyTo is not null) host._remoteCancellations.Remove((replyTo, callId));
                }
                if (host._methods!.NonReentrant) host._self.Tell(CallFinished.Instance);
            }
            else if (method.HasCancellationToken && replyTo is not null)
            {
                lock (host._inFlight) host._remoteCancellations.Remove((replyTo, callId));
            }

            if (local is not null)
            {
                if (task.IsCompletedSuccessfully) local.Complete(method.GetResult?.Invoke(task));
                else if (task.IsCanceled && local.CancellationRequested) local.Fail(RemoteCallErrorKind.Cancelled, "The caller's CancellationToken was cancelled.");
                else local.Fail(task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!);
                return;
            }
            replyTo!.Tell(host._runtime.MakeReply(callId, method, task), host._self);
        }

        public void Abandon()
        {
            const string detail = "The actor stopped before answering.";
            if (local is not null) local.Fail(RemoteCallErrorKind.TargetNotFound, detail);
            else replyTo!.Tell(new RemoteReply(callId, ReplyStatus.TargetNotFound, detail, null), host._self);
        }
    }
}
