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
    private readonly HostActivation? _activation;

    // Each table is allocated when first needed: a node may host a hundred thousand idle sharded entities that never need them.
    private ILoggingAdapter? _log;
    private Queue<(object Message, IActorRef Sender)>? _waiting;
    private WatchedActors? _watching;

    // Calls still running when the actor stops are answered with TargetNotFound; guarded by _context (private to this host)
    // because they finish on any thread.
    private HashSet<CallState>? _inFlight;
    private Dictionary<(IActorRef, long), CancellationTokenSource>? _remoteCancellations;

    // Why a self-activating host has no instance: its factory threw or returned something unusable. Calls fail at once with it.
    private string? _activationFailure;

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
        _self = Self;
        _context = new ActorSynchronizationContext(_self);
    }

    public static Props Props(ActorRuntime runtime) => Akka.Actor.Props.Create(() => new ActorHost(runtime, null));

    /// <summary>
    /// Hosts that create their own instance when they start, as <paramref name="activation"/> describes; one <see cref="Akka.Actor.Props"/>
    /// serves every host of a type, since each reads its key from its own actor name.
    /// </summary>
    public static Props Props(ActorRuntime runtime, HostActivation activation) =>
        Akka.Actor.Props.CreateBy(new SelfActivatingProducer(runtime, activation));

    private ILoggingAdapter Log => _log ??= Logging.GetLogger(_runtime.System.ActorSystem, _self);

    protected override void PreStart()
    {
        if (_activation is null) return;
        var name = _self.Path.Name;
        var id = _id = _activation.Identify(name);
        var previous = ConstructionContext.Current;
        object? instance = null;
        ConstructionContext.Current = new ConstructionContext(_runtime.System, id, _self);
        try
        {
            instance = _activation.Create(name);
        }
        catch (Exception e)
        {
            // Not rethrown: Akka would stop the host and drop the calls in its mailbox, and each of them would time out.
            _activationFailure = $"The factory of {id} threw {e.GetType().FullName}: {e.Message}";
            Log.Error(e, "The factory of {0} threw; calls to it fail with ActivationFailed for {1} before it runs again.", id, _activation.RetryAfterFailure);
        }
        finally
        {
            ConstructionContext.Current = previous;
        }
        if (_activationFailure is null && (instance is not DistributedActor actor || !ReferenceEquals(actor.Host, _self)))
        {
            _activationFailure = $"The factory of {id} must return a new instance of a class deriving DistributedActor, constructed inside " +
                $"the factory; it returned {instance?.GetType().Name ?? "null"}.";
            Log.Error(_activationFailure);
        }
        if (_activationFailure is not null)
        {
            // Kept for a while, so calls meanwhile fail at once instead of running the factory again for each one.
            Context.System.Scheduler.ScheduleTellOnce(_activation.RetryAfterFailure, _self, RetryActivation.Instance, ActorRefs.NoSender);
            return;
        }
        _actor = (DistributedActor)instance!;
        _methods = MethodTable.For(_actor.GetType(), _runtime.Log);
        if (_activation.Activated is { } activated) RunHook(activated, stopAfter: false);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Continuation c:
                RunTurn(c.Callback, c.State);
                break;
            case LocalInvocation or RemoteInvocation when _activationFailure is not null:
                Refuse(message, Sender, RemoteCallErrorKind.ActivationFailed, _activationFailure);
                break;
            case LocalInvocation or RemoteInvocation:
                if (_methods!.NonReentrant && _running > 0) (_waiting ??= new()).Enqueue((message, Sender));
                else StartCall(message, Sender);
                break;
            case CallFinished:
                _running--;
                while (_running == 0 && _waiting is not null && _waiting.TryDequeue(out var next)) StartCall(next.Message, next.Sender);
                break;
            case CancelInvocation cancel:
                CancellationTokenSource? cts = null;
                lock (_context) _remoteCancellations?.Remove((Sender, cancel.CallId), out cts);
                cts?.Cancel();
                break;
            case RetryActivation when _activation is not null:
                _activation.RequestStop(Context);
                break;
            case PassivateHost when _activation is not null:
                if (_passivating) break;
                _passivating = true;
                if (_actor is not null && _activation.Passivating is { } passivating) RunHook(passivating, stopAfter: true);
                else _self.Tell(PoisonPill.Instance, ActorRefs.NoSender);
                break;
            case HostInit init:
                _actor = init.Actor;
                _methods = init.Methods;
                break;
            case WatchRequest { Watch: true } w:
                if (!(_watching ??= new WatchedActors(_runtime)).Watch(Context, w.Target)) DeliverTerminated(w.Target);
                break;
            case WatchRequest w:
                _watching?.Unwatch(Context, w.Target);
                break;
            case Terminated t:
                if (_watching is not null && _watching.TryRemove(t.ActorRef, out var id)) DeliverTerminated(id);
                break;
            case WatchEntity { Watch: true } w when _activation is not null:
                (_entityWatchers ??= []).Add(w.Watcher);
                break;
            case WatchEntity w:
                _entityWatchers?.Remove(w.Watcher);
                break;
            case WatchedTerminated t:
                if (_watching is not null && _watching.TryRemoveVirtual(t.Id)) DeliverTerminated(t.Id);
                break;
            case NodeDownNotice down when _watching is not null:
                foreach (var watched in _watching.RemoveOnNode(Context, down.Node)) DeliverTerminated(watched);
                break;
            case NodeDownNotice:
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
            foreach (var watcher in _entityWatchers) watcher.Tell(new WatchedTerminated(_id!), ActorRefs.NoSender);
        }
        List<CallState>? running = null;
        lock (_context)
        {
            if (_inFlight is not null)
            {
                running = _inFlight.ToList();
                _inFlight.Clear();
            }
            if (_remoteCancellations is not null)
            {
                foreach (var cts in _remoteCancellations.Values) cts.Cancel();
                _remoteCancellations.Clear();
            }
        }
        if (running is not null)
        {
            foreach (var call in running) call.Abandon();
        }
        if (_waiting is null) return;
        foreach (var (message, sender) in _waiting) Refuse(message, sender, RemoteCallErrorKind.TargetNotFound, "The actor stopped before the call started.");
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
                Log.Warning("Rejected remote call {0} from {1}: {2}", remote.CallId, sender.Path, detail);
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
                Log.Warning("Rejected remote call {0} from {1}: {2}", remote.CallId, sender.Path, detail);
                sender.Tell(new RemoteReply(remote.CallId, ReplyStatus.SerializationFailed, detail, null), ActorRefs.NoSender);
                return;
            }
            cancellationToken = CancellationToken.None;
            if (method.HasCancellationToken)
            {
                var cts = new CancellationTokenSource();
                lock (_context) (_remoteCancellations ??= new())[(sender, remote.CallId)] = cts;
                cancellationToken = cts.Token;
            }
            replyTo = sender;
            callId = remote.CallId;
            if (traced)
            {
                // Read before the span starts (starting makes it current), so the turn ends with the thread as it found it.
                previousActivity = Activity.Current;
                span = Telemetry.BeginServerSpan(method, traceContext, _id ??= _runtime.Locals.IdOf(_self));
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
                lock (_context) _remoteCancellations!.Remove((replyTo, callId));
            }
            Answer(method, localCall, replyTo, callId, task, span, started);
            if (_methods.NonReentrant) _running--;
            return;
        }
        var state = new CallState(this, method, localCall, replyTo, callId, span, started);
        lock (_context) (_inFlight ??= []).Add(state);
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
            Log.Error(e, "A continuation of {0} threw.", _actor);
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
            // Most activation hooks do nothing: no continuation for them.
            if (task.IsCompletedSuccessfully && !stopAfter) return;
            task.ContinueWith(static (t, s) =>
            {
                var (host, actor, stopAfter) = ((ActorHost, DistributedActor, bool))s!;
                if (t.IsFaulted) host.Log.Error(t.Exception!.InnerException, "An activation hook of {0} threw.", actor);
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
        }, (watcher, id, Log));
    }

    /// <summary>Fails a call that will not run (<see cref="RemoteCallErrorKind.TargetNotFound"/> or <see cref="RemoteCallErrorKind.ActivationFailed"/>).</summary>
    private static void Refuse(object message, IActorRef sender, RemoteCallErrorKind kind, string detail)
    {
        if (message is LocalInvocation local) local.Call.Fail(kind, detail);
        else if (message is RemoteInvocation remote)
        {
            var status = kind == RemoteCallErrorKind.ActivationFailed ? ReplyStatus.ActivationFailed : ReplyStatus.TargetNotFound;
            sender.Tell(new RemoteReply(remote.CallId, status, detail, null), ActorRefs.NoSender);
        }
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
            lock (host._context)
            {
                if (!host._inFlight!.Remove(this)) return;
                if (method.HasCancellationToken && replyTo is not null) host._remoteCancellations!.Remove((replyTo, callId));
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
