using System.Diagnostics;
using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The distributed-actor runtime of one <see cref="ClusterSystem"/>: wires its parts together and routes calls, in memory to
/// local hosts (<see cref="LocalActors"/>) and as envelopes through Akka.Remote to remote ones. Replies, timeouts and nodes going
/// down are the <see cref="CallTable"/>'s; turning results and errors into replies and back is the <see cref="ReplyCodec"/>'s.
/// </summary>
internal sealed class ActorRuntime
{
    // Akka's frame also carries the recipient and sender paths, the manifest and the ack container around the envelope.
    private const int FrameHeadroomBytes = 2048;

    private readonly ExtendedActorSystem _akka;
    private readonly ReplyReceiver _replies;
    private readonly IActorRef _nodeDownWatcher;
    private readonly ClusterTelemetry _clusterTelemetry;
    private volatile bool _shutDown;
    private readonly object _virtualGate = new();
    private volatile Func<ActorID, Type?, IActorRef?>[] _virtualTargets = [];

    public ActorRuntime(ClusterSystem system, IActorRef translator)
    {
        System = system;
        _akka = (ExtendedActorSystem)system.ActorSystem;
        Self = system.Cluster.UniqueNode;
        Settings = system.Settings.RemoteCall;
        Log = Logging.GetLogger(_akka, "Akka.DistributedActors");
        SerializerRegistration.Ensure(_akka, CallEnvelopeSerializer.Name, a => new CallEnvelopeSerializer(a),
            typeof(RemoteInvocation), typeof(RemoteReply), typeof(CancelInvocation), typeof(OutgoingBatch), typeof(IncomingBatch), typeof(IRemoteCallMessage));
        Serializer = Settings.Serializer(system) ?? throw new InvalidOperationException("RemoteCall.Serializer returned null.");
        var maximumPayload = (int)Math.Max(0, (_akka.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size", null) ?? 128000) - FrameHeadroomBytes);
        Codec = new ReplyCodec(Serializer, Settings.ErrorAllowance, Self, maximumPayload, Log);
        var provider = _akka.Provider;
        _replies = new ReplyReceiver(provider, provider.TempPath(), this);
        provider.RegisterTempActor(_replies, _replies.Path);
        Calls = new CallTable(system.ToString(), Codec, _replies, Settings.Time);
        Batches = new BatchRouting(this, _akka, _replies, maximumPayload, Settings.Batching);
        Locals = new LocalActors(this, _akka);
        _nodeDownWatcher = _akka.SystemActorOf(NodeDownWatcher.Props(this, translator), NodeDownWatcher.Name);
        _clusterTelemetry = ClusterTelemetry.Attach(system, translator);
        _akka.WhenTerminated.ContinueWith(static (_, s) => ((ActorRuntime)s!).Shutdown(), this, TaskScheduler.Default);
    }

    public ClusterSystem System { get; }

    public UniqueNode Self { get; }

    public RemoteCallSettings Settings { get; }

    public IRemoteCallSerializer Serializer { get; }

    public ILoggingAdapter Log { get; }

    public ReplyCodec Codec { get; }

    public CallTable Calls { get; }

    public LocalActors Locals { get; }

    public BatchRouting Batches { get; }

    /// <summary>True once the system has begun shutting down; nothing can be spawned any more.</summary>
    public bool IsShutDown => _shutDown;

    public IDistributedActor Resolve(Type interfaceType, ActorID id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var description = Describe(interfaceType);
        // A virtual target (a sharded entity) has no node of its own to batch for: its region routes each call.
        var remote = IsLocal(id) ? null : ResolveVirtual(id, interfaceType) ?? Batches.RemoteTarget(id, ResolveRemote(id, interfaceType));
        return description.CreateProxy(new ProxyTarget(this, id, remote));
    }

    public bool IsLocal(ActorID id) => id.Node.Equals(Self);

    /// <summary>
    /// Adds a resolver for IDs that name no node but a location-transparent actor (a sharded entity): it returns the Akka
    /// reference that carries calls to it, or null for IDs it does not own. It gets the interface the ID is resolved as, when known.
    /// </summary>
    public void AddVirtualTargets(Func<ActorID, Type?, IActorRef?> resolve)
    {
        lock (_virtualGate) _virtualTargets = [.. _virtualTargets, resolve];
    }

    /// <summary>The Akka reference carrying calls to a location-transparent actor; null for an ID that names a node.</summary>
    public IActorRef? ResolveVirtual(ActorID id, Type? interfaceType)
    {
        foreach (var resolve in _virtualTargets)
        {
            if (resolve(id, interfaceType) is { } target) return target;
        }
        return null;
    }

    public IActorRef ResolveRemote(ActorID id, Type? interfaceType = null)
    {
        if (ResolveVirtual(id, interfaceType) is { } target) return target;
        var address = new Address(id.Node.Node.Protocol, _akka.Name, id.Node.Host, id.Node.Port);
        ActorPath path = new RootActorPath(address);
        foreach (var element in id.Path.Split('/', StringSplitOptions.RemoveEmptyEntries)) path /= element;
        return _akka.Provider.ResolveActorRef(path.WithUid(unchecked((int)id.Incarnation)));
    }

    public void Send(ProxyTarget target, PendingCall call, object?[] arguments, CancellationToken cancellationToken)
    {
        if (!Telemetry.Calls.HasListeners() && !Telemetry.CallMetricsEnabled)
        {
            SendCore(target, call, arguments, cancellationToken);
            return;
        }
        var previous = Activity.Current;
        Telemetry.BeginCall(call, target.Remote is not null);
        try
        {
            SendCore(target, call, arguments, cancellationToken);
        }
        finally
        {
            // The call's span is the parent of what the call causes, not of the caller's next steps.
            if (call.Activity is not null) Activity.Current = previous;
        }
    }

    private void SendCore(ProxyTarget target, PendingCall call, object?[] arguments, CancellationToken cancellationToken)
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
            if (!Locals.TryGetHost(target.Id, out var host))
            {
                call.Reject(RemoteCallErrorKind.TargetNotFound, $"No actor with this ID runs on {Self} (never spawned here, or stopped).");
                return;
            }
            Calls.Register(call, Calls.NextCallId(), timeout, null, cancellationToken);
            host.Tell(new LocalInvocation(call, arguments, cancellationToken));
            return;
        }
        if (Calls.IsDown(target.Id.Node))
        {
            call.Reject(RemoteCallErrorKind.NodeDown, $"Node {target.Id.Node} is down or removed.");
            return;
        }
        if (System.PlainMembers.Contains(target.Id.Node))
        {
            call.Reject(RemoteCallErrorKind.TargetNotFound,
                $"Node {target.Id.Node} runs plain Akka.NET without Akka.DistributedActors; no distributed actor runs there.");
            return;
        }
        var callId = Calls.NextCallId();
        byte[] frame;
        try
        {
            frame = InvocationCodec.Write(Serializer, callId, call.Method, arguments, call.Activity);
        }
        catch (Exception e)
        {
            call.Reject(RemoteCallErrorKind.SerializationFailed, $"The arguments could not be serialized: {e.GetType().Name}: {e.Message}", e);
            return;
        }
        if (Codec.TooLarge("The serialized call", frame.Length) is { } tooLarge)
        {
            call.Reject(RemoteCallErrorKind.SerializationFailed, tooLarge);
            return;
        }
        if (call.StartTimestamp != 0)
        {
            Telemetry.RequestSize.Record(frame.Length, new KeyValuePair<string, object?>(Telemetry.RpcServiceTag, call.Method.ServiceName),
                new KeyValuePair<string, object?>(Telemetry.RpcMethodTag, call.Method.Name));
        }
        Calls.Register(call, callId, timeout, remote, cancellationToken);
        // A node-down sweep between the check above and the registration would have missed this call. MarkDown counts the
        // node (a full fence) before it scans the table; this fence orders the registration before the count is read, so one
        // of the two sides sees the other.
        Interlocked.MemoryBarrier();
        if (Calls.IsDown(target.Id.Node))
        {
            call.Fail(RemoteCallErrorKind.NodeDown, $"Node {target.Id.Node} is down or removed.");
            return;
        }
        remote.Tell(new RemoteInvocation(frame), _replies);
    }

    /// <summary>A member became Down or Removed: calls to it fail, and actors watched on it are reported terminated.</summary>
    public void OnNodeDown(UniqueNode node)
    {
        if (!Calls.MarkDown(node)) return;
        Batches.OnNodeDown(node);
        Locals.OnNodeDown(node);
    }

    public void Shutdown()
    {
        if (_shutDown) return;
        _shutDown = true;
        _clusterTelemetry.Detach();
        Calls.Shutdown();
        _akka.Provider.UnregisterTempActor(_replies.Path);
        Batches.Shutdown();
        if (!_akka.WhenTerminated.IsCompleted) _akka.Stop(_nodeDownWatcher);
    }

    public DistributedInterface Describe(Type interfaceType) => DistributedInterfaceRegistry.Get(interfaceType, Log);
}
