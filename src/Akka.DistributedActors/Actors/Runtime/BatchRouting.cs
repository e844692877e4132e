using System.Collections.Concurrent;
using System.Buffers.Binary;
using System.Text;
using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Natural batching of the call path between nodes (<see cref="RemoteCallSettings.Batching"/>). On the caller, the remote target of a
/// proxy is a <see cref="BatchingTarget"/> that queues calls and cancellations in one <see cref="Outbox"/> per node; its batches go
/// to that node's call receiver (a fixed temp path, like the reply address), which fans them out to the hosting actors with local
/// messages, on the remoting thread. Each host answers a <see cref="ReplyRoute"/>, which queues the replies in one outbox per
/// caller; those batches go to the caller's reply address. Every node understands batches; its own setting decides whether it sends
/// them.
/// </summary>
internal sealed class BatchRouting
{
    /// <summary>The temp-path name of every node's call receiver.</summary>
    public const string ReceiverName = "distributed-actors-calls";

    // Akka's envelope around a batch names the call receiver and the reply address (short fixed paths), unlike a single call's
    // envelope, which names the host; half the single call's headroom is plenty.
    private const int BatchHeadroomBytes = 1024;

    private readonly ActorRuntime _runtime;
    private readonly ExtendedActorSystem _akka;
    private readonly IActorRef _replyAddress;
    private readonly CallReceiver _receiver;
    private readonly ConcurrentDictionary<UniqueNode, Outbox> _callOutboxes = new();
    private readonly ConcurrentDictionary<IActorRef, ReplyRoute> _replyRoutes = new();

    public BatchRouting(ActorRuntime runtime, ExtendedActorSystem akka, IActorRef replyAddress, int maximumPayloadBytes, bool enabled)
    {
        _runtime = runtime;
        _akka = akka;
        _replyAddress = replyAddress;
        Enabled = enabled;
        Policy = BatchPolicy.For(maximumPayloadBytes + BatchHeadroomBytes);
        _receiver = new CallReceiver(akka.Provider, akka.Provider.TempPath().Parent / ReceiverName, this);
        akka.Provider.RegisterTempActor(_receiver, _receiver.Path);
    }

    /// <summary>Whether this node sends its calls and replies in batches.</summary>
    public bool Enabled { get; }

    public BatchPolicy Policy { get; }

    /// <summary>Where this node's calls get their replies (the sender of its call batches).</summary>
    public IActorRef ReplyAddress => _replyAddress;

    /// <summary>The Akka reference a proxy of remote actor <paramref name="id"/> sends through: batching, or <paramref name="remote"/> itself.</summary>
    public IActorRef RemoteTarget(ActorID id, IActorRef remote) =>
        Enabled ? new BatchingTarget(this, id, remote, _callOutboxes.GetOrAdd(id.Node, static (node, self) => self.CallOutbox(node), this)) : remote;

    /// <summary>Batches sent so far and the items they carried: calls (from this node) and replies (from actors on this node).</summary>
    public (long CallBatches, long Calls, long ReplyBatches, long Replies) Sent()
    {
        long callBatches = 0, calls = 0, replyBatches = 0, replies = 0;
        foreach (var (_, outbox) in _callOutboxes)
        {
            var (b, i) = outbox.Sent;
            callBatches += b;
            calls += i;
        }
        foreach (var (_, route) in _replyRoutes)
        {
            var (b, i) = route.Sent;
            replyBatches += b;
            replies += i;
        }
        return (callBatches, calls, replyBatches, replies);
    }

    /// <summary>Replies that came back in a batch: each completes its call once, all of them in one work item (see <see cref="ReplyBatchCompletion"/>).</summary>
    public void OnReplies(IncomingBatch batch, IActorRef sender)
    {
        if (BatchFrame.Validate(batch.Frame, BatchItemKind.Reply, BatchItemKind.Reply) is { } error)
        {
            _runtime.Log.Warning("Dropped a malformed reply batch of {0} bytes from {1}: {2}", batch.Frame.Length, sender.Path, error);
            return;
        }
        var replies = new List<RemoteReply>();
        var reader = new BatchFrame.Reader(batch.Frame);
        while (reader.TryRead(out var item))
        {
            try
            {
                replies.Add(new RemoteReply(item.Payload.ToArray()));
            }
            catch (ArgumentException e)
            {
                _runtime.Log.Warning("Dropped a malformed reply in a batch from {0}: {1}", sender.Path, e.Message);
            }
        }
        if (replies.Count != 0) _runtime.Calls.OnReplies(replies);
    }

    /// <summary>A node is down: its outboxes go (calls to it fail through the call table; replies to it cannot arrive).</summary>
    public void OnNodeDown(UniqueNode node)
    {
        _callOutboxes.TryRemove(node, out _);
        var address = AddressOf(node);
        foreach (var (caller, _) in _replyRoutes)
        {
            if (caller.Path.Address.Equals(address)) _replyRoutes.TryRemove(caller, out _);
        }
    }

    public void Shutdown() => _akka.Provider.UnregisterTempActor(_receiver.Path);

    private Address AddressOf(UniqueNode node) => new(node.Node.Protocol, _akka.Name, node.Host, node.Port);

    private Outbox CallOutbox(UniqueNode node)
    {
        var receiver = _akka.Provider.ResolveActorRef(new RootActorPath(AddressOf(node)) / "temp" / ReceiverName);
        return new Outbox(Policy, batch => receiver.Tell(batch, _replyAddress), frame => FailDropped(node, frame));
    }

    /// <summary>Akka dropped a call batch before it left (the link is gated or quarantined): its calls fail as a dropped call does.</summary>
    private void FailDropped(UniqueNode node, byte[] frame)
    {
        var detail = $"Akka.Remote dropped the call before it left {_runtime.Self} (the link to {node} is gated after a failure, or quarantined).";
        var reader = new BatchFrame.Reader(frame);
        while (reader.TryRead(out var item))
        {
            if (item.Kind == BatchItemKind.Invocation)
                _runtime.Calls.OnReply(new RemoteReply(BinaryPrimitives.ReadInt64LittleEndian(item.Payload), ReplyStatus.TargetNotFound, detail));
        }
    }

    /// <summary>A batch of calls from another node: validated whole, then each item goes to its host as a local message.</summary>
    private void OnCalls(IncomingBatch batch, IActorRef? sender)
    {
        if (sender is null || sender.IsNobody() || !sender.Path.Address.HasGlobalScope)
        {
            _runtime.Log.Warning("Dropped a call batch of {0} bytes without a remote reply address (sender {1}).", batch.Frame.Length, sender?.Path.ToString() ?? "none");
            return;
        }
        if (BatchFrame.Validate(batch.Frame, BatchItemKind.Invocation, BatchItemKind.Cancel) is { } error)
        {
            _runtime.Log.Warning("Dropped a malformed call batch of {0} bytes from {1}: {2}", batch.Frame.Length, sender.Path, error);
            return;
        }
        IActorRef replyTo = Enabled ? _replyRoutes.GetOrAdd(sender, static (caller, self) => new ReplyRoute(self, caller), this) : sender;
        var reader = new BatchFrame.Reader(batch.Frame);
        // Most items of a batch go to the same few actors: the last lookup is reused while the path and uid repeat.
        var lastPath = ReadOnlySpan<byte>.Empty;
        var lastUid = 0;
        IActorRef? lastHost = null;
        while (reader.TryRead(out var item))
        {
            if (lastHost is null || item.Uid != lastUid || !item.Path.SequenceEqual(lastPath))
            {
                var id = new ActorID(_runtime.Self, Encoding.UTF8.GetString(item.Path), unchecked((uint)item.Uid));
                lastHost = _runtime.Locals.TryGetHost(id, out var host) ? host : ActorRefs.Nobody;
                lastPath = item.Path;
                lastUid = item.Uid;
            }
            if (item.Kind == BatchItemKind.Cancel)
            {
                if (!lastHost.IsNobody()) lastHost.Tell(new CancelInvocation(BinaryPrimitives.ReadInt64LittleEndian(item.Payload)), replyTo);
                continue;
            }
            var invocation = new RemoteInvocation(item.Payload.ToArray());
            if (!lastHost.IsNobody())
            {
                lastHost.Tell(invocation, replyTo);
                continue;
            }
            var detail = $"No actor at {Encoding.UTF8.GetString(item.Path)} with that incarnation on {_runtime.Self} (never spawned, or stopped).";
            _runtime.Log.Warning("Rejected remote call {0} from {1}: {2}", invocation.CallId, sender.Path, detail);
            replyTo.Tell(new RemoteReply(invocation.CallId, ReplyStatus.TargetNotFound, detail), ActorRefs.NoSender);
        }
    }

    /// <summary>The proxy's view of a remote actor: calls and cancellations join its node's outbox.</summary>
    private sealed class BatchingTarget(BatchRouting routing, ActorID id, IActorRef remote, Outbox outbox) : MinimalActorRef
    {
        private readonly int _uid = unchecked((int)id.Incarnation);

        public override ActorPath Path => remote.Path;

        public override IActorRefProvider Provider => routing._akka.Provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            switch (message)
            {
                case RemoteInvocation invocation:
                    var item = BatchItem.Invocation(id.Path, _uid, invocation.Frame);
                    if (outbox.Policy.Admits(item.Size))
                    {
                        outbox.Enqueue(item);
                        return;
                    }
                    routing._runtime.Calls.OnReply(new RemoteReply(invocation.CallId, ReplyStatus.SerializationFailed,
                        $"The call with its target's path is {item.Size} bytes, more than the {outbox.Policy.HardLimitBytes} bytes a batch may carry " +
                        "(akka.remote.dot-netty.tcp.maximum-frame-size less the envelope's headroom)."));
                    return;
                case CancelInvocation cancel:
                    outbox.Enqueue(BatchItem.Cancel(id.Path, _uid, cancel.CallId));
                    return;
                default:
                    remote.Tell(message, sender);
                    return;
            }
        }
    }

    /// <summary>The reply address a host answers when the call came in a batch: replies join the caller's outbox.</summary>
    private sealed class ReplyRoute : MinimalActorRef
    {
        private readonly BatchRouting _routing;
        private readonly IActorRef _caller;
        private readonly Outbox _outbox;

        public ReplyRoute(BatchRouting routing, IActorRef caller)
        {
            _routing = routing;
            _caller = caller;
            _outbox = new Outbox(routing.Policy, batch => caller.Tell(batch, ActorRefs.NoSender), static _ => { });
        }

        public (long Batches, long Items) Sent => _outbox.Sent;

        // The caller's reply address itself: the host's cancellation key and the dead-letter watcher see the caller, as without batching.
        public override ActorPath Path => _caller.Path;

        public override IActorRefProvider Provider => _routing._akka.Provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            if (message is RemoteReply reply && _outbox.Policy.Admits(BatchFrame.ItemHeaderSize + reply.Frame.Length)) _outbox.Enqueue(BatchItem.Reply(reply.Frame));
            else _caller.Tell(message, sender);
        }
    }

    /// <summary>Every node's receiver of call batches, at <c>/temp/distributed-actors-calls</c>; runs on the remoting thread.</summary>
    private sealed class CallReceiver(IActorRefProvider provider, ActorPath path, BatchRouting routing) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;

        public override IActorRefProvider Provider { get; } = provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            if (message is IncomingBatch batch) routing.OnCalls(batch, sender);
        }
    }
}
