using System.Collections.Concurrent;
using System.Text;
using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The distributed-actor runtime of one <see cref="ClusterSystem"/>: spawns hosts, routes calls (in-memory to local hosts,
/// envelopes through Akka.Remote to remote ones), correlates replies in one table of pending calls, enforces timeouts and
/// fails calls fast when their target node is down or the system shuts down.
/// </summary>
internal sealed class ActorRuntime
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(10);

    // Akka's frame also carries the recipient and sender paths, the manifest and the ack container around the envelope.
    private const int FrameHeadroomBytes = 2048;

    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private readonly ConcurrentDictionary<ActorID, LocalActor> _locals = new();
    private readonly ConcurrentDictionary<UniqueNode, bool> _downNodes = new();
    private readonly ExtendedActorSystem _akka;
    private readonly ReplyReceiver _replies;
    private readonly IActorRef _watcher;
    private readonly Timer _sweeper;
    private long _nextCallId;

    // Number of calls in _pending, kept apart because ConcurrentDictionary.Count locks every bucket.
    private int _outstanding;

    // Number of nodes in _downNodes: calls check it before hashing the target node, and it stays 0 until a node goes down.
    private int _downCount;
    private int _nextActorNumber;
    private volatile bool _shutDown;

    /// <summary>True once the system has begun shutting down; nothing can be spawned any more.</summary>
    public bool IsShutDown => _shutDown;

    public ActorRuntime(ClusterSystem system, IActorRef translator)
    {
        System = system;
        _akka = (ExtendedActorSystem)system.ActorSystem;
        Self = system.Cluster.UniqueNode;
        Settings = system.Settings.RemoteCall;
        Log = Logging.GetLogger(_akka, "Akka.DistributedActors");
        EnsureSerializerRegistered(_akka);
        Serializer = Settings.Serializer(system) ?? throw new InvalidOperationException("RemoteCall.Serializer returned null.");
        MaximumPayloadBytes = (int)Math.Max(0, (_akka.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null) ?? 128000) - FrameHeadroomBytes);
        var provider = _akka.Provider;
        _replies = new ReplyReceiver(provider, provider.TempPath(), this);
        provider.RegisterTempActor(_replies, _replies.Path);
        _watcher = _akka.SystemActorOf(ActorsRuntimeActor.Props(this, translator), ActorsRuntimeActor.Name);
        _sweeper = new Timer(static s => ((ActorRuntime)s!).Sweep(), this, SweepInterval, SweepInterval);
        _akka.WhenTerminated.ContinueWith(static (_, s) => ((ActorRuntime)s!).Shutdown(), this, TaskScheduler.Default);
    }

    public ClusterSystem System { get; }

    public UniqueNode Self { get; }

    public RemoteCallSettings Settings { get; }

    public IRemoteCallSerializer Serializer { get; }

    public ILoggingAdapter Log { get; }

    /// <summary>
    /// The largest call or reply frame (header plus serialized arguments or result) a remote call may carry: Akka.Remote drops a
    /// bigger message with only a log line on the sending node, so the call would otherwise wait for its timeout.
    /// </summary>
    public int MaximumPayloadBytes { get; }

    /// <summary>Spawns under <paramref name="parent"/> (a singleton's manager child) or, when null, as a top-level user actor.</summary>
    public TInterface Spawn<TInterface>(Func<object> create, string? name, string baseName, IActorRefFactory? parent = null)
        where TInterface : class, IDistributedActor
    {
        if (_shutDown) throw new InvalidOperationException($"{System} has shut down; no actors can be spawned on it.");
        var description = Describe(typeof(TInterface));
        name ??= $"{baseName}-{Interlocked.Increment(ref _nextActorNumber)}";
        var host = (parent ?? _akka).ActorOf(ActorHost.Props(this), name);
        var id = IdOf(host);
        var previous = ConstructionContext.Current;
        object instance;
        ConstructionContext.Current = new ConstructionContext(System, id, host);
        try
        {
            instance = create();
        }
        catch
        {
            _akka.Stop(host);
            throw;
        }
        finally
        {
            ConstructionContext.Current = previous;
        }
        if (instance is not DistributedActor actor || !ReferenceEquals(actor.Host, host) || instance is not TInterface)
        {
            _akka.Stop(host);
            throw new InvalidOperationException(
                $"The factory passed to Spawn<{typeof(TInterface).Name}> must return a new instance of a class deriving DistributedActor " +
                $"and implementing {typeof(TInterface).Name}, constructed inside the factory; it returned {instance?.GetType().Name ?? "null"}.");
        }
        MethodTable methods;
        try
        {
            methods = MethodTable.For(instance.GetType(), Log);
        }
        catch
        {
            _akka.Stop(host);
            throw;
        }
        _locals[id] = new LocalActor(host, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        host.Tell(new HostInit(actor, methods));
        return (TInterface)description.CreateProxy(new ProxyTarget(this, id, null));
    }

    public IDistributedActor Resolve(Type interfaceType, ActorID id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var description = Describe(interfaceType);
        return description.CreateProxy(new ProxyTarget(this, id, IsLocal(id) ? null : ResolveRemote(id)));
    }

    public Task Stop(IDistributedActor actor)
    {
        var id = (actor ?? throw new ArgumentNullException(nameof(actor))).Id;
        if (!IsLocal(id))
            throw new InvalidOperationException($"Only actors hosted by this system ({Self}) can be stopped here; {id} lives on {id.Node}.");
        if (!_locals.TryGetValue(id, out var local)) return Task.CompletedTask;
        _akka.Stop(local.Host);
        return local.Stopped.Task;
    }

    public bool IsLocal(ActorID id) => id.Node.Equals(Self);

    /// <summary>The ID of the actor a local host runs: its path and uid on this node.</summary>
    public ActorID IdOf(IActorRef host) => new(Self, host.Path.ToStringWithoutAddress(), unchecked((uint)host.Path.Uid));

    public bool IsDown(UniqueNode node) => Volatile.Read(ref _downCount) != 0 && _downNodes.ContainsKey(node);

    public bool TryGetLocalHost(ActorID id, out IActorRef host)
    {
        var found = _locals.TryGetValue(id, out var local);
        host = found ? local!.Host : ActorRefs.Nobody;
        return found;
    }

    public IActorRef ResolveRemote(ActorID id)
    {
        var address = new Address(id.Node.Node.Protocol, _akka.Name, id.Node.Host, id.Node.Port);
        ActorPath path = new RootActorPath(address);
        foreach (var element in id.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)) path /= element;
        return _akka.Provider.ResolveActorRef(path.WithUid(unchecked((int)id.Incarnation)));
    }

    public void Send(ProxyTarget target, PendingCall call, object?[] arguments, CancellationToken cancellationToken)
    {
        if (_shutDown)
        {
            call.Reject(RemoteCallErrorKind.ClusterShutDown, $"{System} has shut down.");
            return;
        }
        if (cancellationToken.IsCancellationRequested)
        {
            call.Reject(RemoteCallErrorKind.Cancelled, "The caller's CancellationToken was cancelled before the call.");
            return;
        }
        var timeout = RemoteCall.Timeout ?? Settings.DefaultTimeout;
        if (target.Remote is not { } remote)
        {
            if (!_locals.TryGetValue(target.Id, out var local))
            {
                call.Reject(RemoteCallErrorKind.TargetNotFound, $"No actor with this ID runs on {Self} (never spawned here, or stopped).");
                return;
            }
            Register(call, Interlocked.Increment(ref _nextCallId), timeout, null, cancellationToken);
            local.Host.Tell(new LocalInvocation(call, arguments, cancellationToken));
            return;
        }
        if (IsDown(target.Id.Node))
        {
            call.Reject(RemoteCallErrorKind.NodeDown, $"Node {target.Id.Node} is down or removed.");
            return;
        }
        var callId = Interlocked.Increment(ref _nextCallId);
        byte[] frame;
        try
        {
            frame = ArgumentCodec.WriteInvocation(Serializer, callId, call.Method, arguments);
        }
        catch (Exception e)
        {
            call.Reject(RemoteCallErrorKind.SerializationFailed, $"The arguments could not be serialized: {e.GetType().Name}: {e.Message}", e);
            return;
        }
        if (frame.Length > MaximumPayloadBytes)
        {
            call.Reject(RemoteCallErrorKind.SerializationFailed, $"The serialized call is {frame.Length} bytes, more than the {MaximumPayloadBytes} " +
                "bytes a remote call may carry (akka.remote.dot-netty.tcp.maximum-frame-size less the envelope's headroom).");
            return;
        }
        Register(call, callId, timeout, remote, cancellationToken);
        // A node-down sweep between the check above and the registration would have missed this call. OnNodeDown counts the
        // node (a full fence) before it scans the table; this fence orders the registration before the count is read, so one
        // of the two sides sees the other.
        Interlocked.MemoryBarrier();
        if (IsDown(target.Id.Node))
        {
            call.Fail(RemoteCallErrorKind.NodeDown, $"Node {target.Id.Node} is down or removed.");
            return;
        }
        remote.Tell(new RemoteInvocation(frame), _replies);
    }

    private void Register(PendingCall call, long id, TimeSpan timeout, IActorRef? remote, CancellationToken cancellationToken)
    {
        call.Start(id, timeout, remote);
        Interlocked.Increment(ref _outstanding);
        _pending[id] = call;
        call.RegisterCancellation(cancellationToken);
        if (_shutDown) call.Fail(RemoteCallErrorKind.ClusterShutDown, $"{System} has shut down.");
    }

    public bool Remove(PendingCall call)
    {
        if (!_pending.TryRemove(new KeyValuePair<long, PendingCall>(call.CallId, call))) return false;
        Interlocked.Decrement(ref _outstanding);
        return true;
    }

    /// <summary>True when no call of this system is waiting for its outcome (read after removing the one being completed).</summary>
    public bool NoCallsOutstanding => Volatile.Read(ref _outstanding) == 0;

    public void CancelRemote(PendingCall call)
    {
        if (call.Method.HasCancellationToken) call.RemoteTarget?.Tell(new CancelInvocation(call.CallId), _replies);
    }

    public void OnReply(RemoteReply reply)
    {
        if (_pending.TryGetValue(reply.CallId, out var call)) call.Complete(reply);
    }

    /// <summary>Turns a reply into the call's result or exception (runs on the thread pool, see <see cref="PendingCall"/>).</summary>
    public bool TryDecode(PendingCall call, RemoteReply reply, out object? result, out Exception? error)
    {
        result = null;
        error = null;
        switch (reply.Status)
        {
            case ReplyStatus.Ok:
                if (call.Method.ResultType is not { } type) return true;
                try
                {
                    result = Serializer.Deserialize(reply.Payload, type);
                    return true;
                }
                catch (Exception e)
                {
                    error = Error(call, RemoteCallErrorKind.SerializationFailed, $"The result could not be deserialized: {e.GetType().Name}: {e.Message}", e);
                    return false;
                }
            case ReplyStatus.Error:
                error = RebuildException(reply.Text ?? "", Encoding.UTF8.GetString(reply.Payload), call);
                return false;
            case ReplyStatus.GenericError:
                error = new GenericRemoteCallException(reply.Text ?? "?", call.Target, call.Method.DisplayName);
                return false;
            case ReplyStatus.TargetNotFound:
                error = Error(call, RemoteCallErrorKind.TargetNotFound, reply.Text ?? "");
                return false;
            default:
                error = Error(call, RemoteCallErrorKind.SerializationFailed, reply.Text ?? "");
                return false;
        }
    }

    private static RemoteCallException Error(PendingCall call, RemoteCallErrorKind kind, string detail, Exception? inner = null) =>
        new(kind, call.Target, call.Method.DisplayName, detail, null, inner);

    /// <summary>Builds the callee's reply from the completed task of its method.</summary>
    public RemoteReply MakeReply(long callId, DistributedMethod method, Task task)
    {
        if (task.IsCompletedSuccessfully)
        {
            try
            {
                var frame = ArgumentCodec.WriteResult(Serializer, callId, method.GetResult?.Invoke(task), method.ResultType);
                if (frame.Length <= MaximumPayloadBytes) return new RemoteReply(frame);
                var detail = $"The serialized result of {method.DisplayName} on {Self} is {frame.Length} bytes, more than the {MaximumPayloadBytes} " +
                    "bytes a remote call may carry (akka.remote.dot-netty.tcp.maximum-frame-size less the envelope's headroom).";
                Log.Warning("Remote call {0}: {1}", callId, detail);
                return new RemoteReply(callId, ReplyStatus.SerializationFailed, detail);
            }
            catch (Exception e)
            {
                return new RemoteReply(callId, ReplyStatus.SerializationFailed,
                    $"The result could not be serialized on {Self}: {e.GetType().Name}: {e.Message}");
            }
        }
        var error = task.IsCanceled ? new TaskCanceledException(task) : task.Exception!.InnerException!;
        var errorType = error.GetType();
        return Settings.ErrorAllowance.Allows(errorType)
            ? new RemoteReply(callId, ReplyStatus.Error, $"{errorType.FullName}, {errorType.Assembly.GetName().Name}", Encoding.UTF8.GetBytes(error.Message))
            : new RemoteReply(callId, ReplyStatus.GenericError, errorType.FullName);
    }

    public void OnNodeDown(UniqueNode node)
    {
        if (!_downNodes.TryAdd(node, true)) return;
        Interlocked.Increment(ref _downCount);
        foreach (var call in _pending.Values)
        {
            if (call.RemoteTarget is not null && call.Target.Node.Equals(node))
                call.Fail(RemoteCallErrorKind.NodeDown, $"Node {node} went down while the call was in flight.");
        }
        foreach (var local in _locals.Values) local.Host.Tell(new NodeDownNotice(node));
    }

    public void OnHostStopped(IActorRef host)
    {
        // A host stopped before its HostInit (stop is a system message, so it overtakes mail) still has an entry to clear.
        if (_locals.TryRemove(IdOf(host), out var local)) local.Stopped.TrySetResult();
    }

    public void Shutdown()
    {
        if (_shutDown) return;
        _shutDown = true;
        _sweeper.Dispose();
        foreach (var call in _pending.Values) call.Fail(RemoteCallErrorKind.ClusterShutDown, $"{System} shut down before the reply arrived.");
        _akka.Provider.UnregisterTempActor(_replies.Path);
        if (!_akka.WhenTerminated.IsCompleted) _akka.Stop(_watcher);
    }

    private DistributedInterface Describe(Type interfaceType) => DistributedInterfaceRegistry.Get(interfaceType, Log);

    private void Sweep()
    {
        var now = Environment.TickCount64;
        // The dictionary's own enumerator takes no locks and copies nothing (Values would lock every bucket and build a list,
        // stalling concurrent calls every sweep); a call added during the sweep is simply checked by the next one.
        foreach (var (_, call) in _pending)
        {
            if (call.DeadlineMs <= now) call.TimeOut();
        }
    }

    private static Exception RebuildException(string typeName, string message, PendingCall call)
    {
        var type = Type.GetType(typeName, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract)
        {
            try
            {
                if (type.GetConstructor([typeof(string)]) is { } withMessage) return (Exception)withMessage.Invoke([message]);
                if (type.GetConstructor(Type.EmptyTypes) is { } parameterless) return (Exception)parameterless.Invoke(null);
            }
            catch (Exception)
            {
                // The type exists but cannot be built from a message; the caller gets the generic error naming it.
            }
        }
        var shortName = typeName.Split(',')[0];
        return new GenericRemoteCallException(shortName, call.Target, call.Method.DisplayName);
    }

    private static void EnsureSerializerRegistered(ExtendedActorSystem akka) =>
        SerializerRegistration.Ensure(akka, RemoteCallSerializer.Name, a => new RemoteCallSerializer(a),
            typeof(RemoteInvocation), typeof(RemoteReply), typeof(CancelInvocation), typeof(IRemoteCallMessage));

    private sealed record LocalActor(IActorRef Host, TaskCompletionSource Stopped);
}
