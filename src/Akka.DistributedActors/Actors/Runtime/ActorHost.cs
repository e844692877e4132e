using System.Diagnostics;
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
    private readonly WatchedActors _watching;
    private readonly HostActivation? _activation;

    // Calls still running when the actor stops are answered with TargetNotFound; guarded because they finish on any thread.
    private readonly HashSet<CallState> _inFlight = [];
    private readonly Dictionary<(IActorRef, long), CancellationTokenSource> _remoteCancellations = new();

    private DistributedActor? _actor;
    private MethodTable? _methods;
    private ActorID? _id;
    private int _running;
    private bool _passivating;
    private HashSet<IActorRef>? _entityWatchers;

    public ActorHost(ActorRuntime runtime, HostActivation? activation = null)
    {
        _runtime = runtime;
        _activation = activation;
        _watching = new WatchedActors(runtime);
        _self = Self;
        _context = new ActorSynchronizationContext(_self);
    }

    public static Props Props(ActorRuntime runtime) => Akka.Actor.Props.Create(() => new ActorHost(runtime, null));

    /// <summary>A host that creates its own instance when it starts, as <paramref name="activation"/> describes.</summary>
    public static Props Props(ActorRuntime runtime, HostActivation activation) =>
        Akka.Actor.Props.CreateBy(new SelfActivatingProducer(runtime, activation));

    protected override void PreStart()
    {
        if (_activation is null) return;
        var previous = ConstructionContext.Current;
        object instance;
        ConstructionContext.Current = new ConstructionContext(_runtime.System, _activation.Id, _self);
        try
        {
            instance = _activation.Create();
        }
        finally
        {
            ConstructionContext.Current = previous;
        }
        if (instance is not DistributedActor actor || !ReferenceEquals(actor.Host, _self))
        {
            throw new InvalidOperationException(
                $"The factory of {_activation.Id} must return a new instance of a class deriving DistributedActor, constructed inside the " +
                $"factory; it returned {instance?.GetType().Name ?? "null"}.");
        }
        _actor = actor;
        _methods = MethodTable.For(actor.GetType(), _runtime.Log);
        if (_activation.Activated is { } activated) RunHook(activated, stopAfter: false);
    }

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
            case PassivateHost when _activation is not null:
                if (_passivating) break;
                _passivating = true;
                if (_activation.Passivating is { } passivating) RunHook(passivating, stopAfter: true);
                else _self.Tell(PoisonPill.Instance, ActorRefs.NoSender);
                break;
            case HostInit init:
                _actor = init.Actor;
                _methods = init.Methods;
                break;
            case WatchRequest { Watch: true } w:
                if (!_watching.Watch(Context, w.Target)) DeliverTerminated(w.Target);
                break;
            case WatchRequest w:
                _watching.Unwatch(Context, w.Target);
                break;
            case Terminated t:
                if (_watching.TryRemove(t.ActorRef, out var id)) DeliverTerminated(id);
                break;
            case WatchEntity { Watch: true } w when _activation is not null:
                (_entityWatchers ??= []).Add(w.Watcher);
                break;
            case WatchEntity w:
                _entityWatchers?.Remove(w.Watcher);
                break;
            case WatchedTerminated t:
                if (_watching.TryRemoveVirtual(t.Id)) DeliverTerminated(t.Id);
                break;
            case NodeDownNotice down:
                foreach (var watched in _watching.RemoveOnNode(Context, down.Node)) DeliverTerminated(watched);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    protected override void PostStop()
    {
        _runtime.Locals.OnHostStopped(_self);
        if (_entityWatchers is not null)
        {
            foreach (var watcher in _entityWatchers) watcher.Tell(new WatchedTerminated(_activation!.Id), ActorRefs.NoSender);
        }
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
        PendingCall? localCall = null;
        IActorRef? replyTo = null;
        long callId = 0;
        Activity? span = null;
        Activity? previousActivity = null;
        if (message is LocalInvocation local)
        {
            method = local.Call.Method;
            arguments = local.Arguments;
            cancellationToken = local.CancellationToken;
            localCall = local.Call;
        }
        else
        {
            var remote = (RemoteInvocation)message;
            if (!_methods!.TryGet(remote.MethodId, out method))
            {
                var detail = $"{actor.GetType().Name} has no distributed method with wire id {remote.MethodId} (do both nodes use the same interface version?).";
                _log.Warning("Rejected remote call {0} from {1}: {2}", remote.CallId, sender.Path, detail);
                sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.TargetNotFound, detail, null), ActorRefs.NoSender);
                return;
            }
            var traced = Telemetry.Calls.HasListeners();
            TraceContextCodec.Context traceContext;
            try
            {
                var contextLength = TraceContextCodec.Read(remote.Body, traced, out traceContext);
                arguments = InvocationCodec.ReadArguments(_runtime.Serializer, method, remote.Body[contextLength..]);
            }
            catch (Exception e)
            {
                var detail = $"The arguments of {method.DisplayName} could not be deserialized on {_runtime.Self}: {e.GetType().Name}: {e.Message}";
                _log.Warning("Rejected remote call {0} from {1}: {2}", remote.CallId, sender.Path, detail);
                sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.SerializationFailed, detail, null), ActorRefs.NoSender);
                return;
            }
            cancellationToken = CancellationToken.None;
            if (method.HasCancellationToken)
            {
                var cts = new CancellationTokenSource();
                lock (_inFlight) _remoteCancellations[(sender, remote.CallId)] = cts;
                cancellationToken = cts.Token;
            }
            replyTo = sender;
            callId = remote.CallId;
            if (traced)
            {
                // Read before the span starts (starting makes it current), so the turn ends with the thread as it found it.
                previousActivity = Activity.Current;
                span = Telemetry.BeginServerSpan(method, traceContext, _id ??= _activation?.Id ?? _runtime.Locals.IdOf(_self));
            }
        }

        if (_methods!.NonReentrant) _running++;
        var started = Telemetry.ServerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        // The method's awaits capture the ambient span, so the calls it makes, now or after an await, are its children.
        var ambient = span ?? localCall?.Activity;
        if (span is null && ambient is not null)
        {
            previousActivity = Activity.Current;
            Activity.Current = ambient;
        }
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
            if (ambient is not null) Activity.Current = previousActivity;
        }

        if (task.IsCompleted)
        {
            // Most calls complete in their first turn: answered here, with no per-call state object.
            if (method.HasCancellationToken && replyTo is not null)
            {
                lock (_inFlight) _remoteCancellations.Remove((replyTo, callId));
            }
            Answer(method, localCall, replyTo, callId, task, span, started);
            if (_methods.NonReentrant) _running--;
            return;
        }
        var state = new CallState(this, method, localCall, replyTo, callId, span, started);
        lock (_inFlight) _inFlight.Add(state);
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

    /// <summary>Runs an activation hook as a turn of the instance; with <paramref name="stopAfter"/>, the host stops once it completes.</summary>
    private void RunHook(Func<DistributedActor, Task> hook, bool stopAfter)
    {
        var actor = _actor!;
        RunTurn(static s =>
        {
            var (host, hook, actor, stopAfter) = ((ActorHost, Func<DistributedActor, Task>, DistributedActor, bool))s!;
            Task task;
            try
            {
                task = hook(actor);
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            task.ContinueWith(static (t, s) =>
            {
                var (host, actor, stopAfter) = ((ActorHost, DistributedActor, bool))s!;
                if (t.IsFaulted) host._log.Error(t.Exception!.InnerException, "An activation hook of {0} threw.", actor);
                if (stopAfter) host._self.Tell(PoisonPill.Instance, ActorRefs.NoSender);
            }, (host, actor, stopAfter), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }, (this, hook, actor, stopAfter));
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
        else if (message is RemoteInvocation remote) sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.TargetNotFound, detail, null), ActorRefs.NoSender);
    }

    /// <summary>
    /// Completes a local caller's pending call, or sends a remote caller its reply. Replies go without a sender: the caller's
    /// reply address ignores it, and Akka.Remote then neither writes this host's path into the reply nor resolves it on arrival.
    /// </summary>
    private void Answer(DistributedMethod method, PendingCall? local, IActorRef? replyTo, long callId, Task task, Activity? span, long started)
    {
        if (span is not null || started != 0) Telemetry.EndInvocation(method, span, started, task);
        if (local is not null)
        {
            if (task.IsCompletedSuccessfully) local.Complete(method.GetResult?.Invoke(task));
            else if (task.IsCanceled && local.CancellationRequested) local.Fail(RemoteCallErrorKind.Cancelled, "The caller's CancellationToken was cancelled.");
            else local.Fail(task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!);
            return;
        }
        var reply = _runtime.Codec.Encode(callId, method, task);
        if (Telemetry.ResponseSize.Enabled)
        {
            Telemetry.ResponseSize.Record(reply.Frame.Length, new KeyValuePair<string, object?>(Telemetry.RpcServiceTag, method.ServiceName),
                new KeyValuePair<string, object?>(Telemetry.RpcMethodTag, method.Name));
        }
        replyTo!.Tell(reply, ActorRefs.NoSender);
    }

    private sealed class SelfActivatingProducer(ActorRuntime runtime, HostActivation activation) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ActorHost);

        public ActorBase Produce() => new ActorHost(runtime, activation);

        public void Release(ActorBase actor)
        {
        }
    }

    /// <summary>One call still running after its first turn: where its answer goes once the method's task completes.</summary>
    private sealed class CallState(ActorHost host, DistributedMethod method, PendingCall? local, IActorRef? replyTo, long callId, Activity? span, long started)
    {
        public void Finish(Task task)
        {
            lock (host._inFlight)
            {
                if (!host._inFlight.Remove(this)) return;
                if (method.HasCancellationToken && replyTo is not null) host._remoteCancellations.Remove((replyTo, callId));
            }
            if (host._methods!.NonReentrant) host._self.Tell(CallFinished.Instance);
            host.Answer(method, local, replyTo, callId, task, span, started);
        }

        public void Abandon()
        {
            const string detail = "The actor stopped before answering.";
            Telemetry.AbandonInvocation(span, detail);
            if (local is not null) local.Fail(RemoteCallErrorKind.TargetNotFound, detail);
            else replyTo!.Tell(new RemoteReply(callId, ReplyStatus.TargetNotFound, detail, null), ActorRefs.NoSender);
        }
    }
}
