using Akka.Actor;
using Akka.Remote.Transport;
using Google.Protobuf;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Akka.Remote transport adapter that hands every PDU a node writes to <see cref="RemoteTraffic"/> before passing it on
/// unchanged. Enabled with <see cref="RemoteTraffic.Hocon"/>; the node's addresses then carry the scheme <c>akka.count.tcp</c>.
/// </summary>
internal sealed class CountingTransportAdapter(Transport wrapped) : AbstractTransportAdapter(wrapped)
{
    public const string Scheme = "count";

    private readonly Transport _wrapped = wrapped;

    // The node's listening port names it: an outbound handle's own address is an ephemeral client port.
    private volatile int _port;

    protected override SchemeAugmenter SchemeAugmenter { get; } = new(Scheme);

    // The fault-injection commands of an adapter beneath this one (trttl) still reach it.
    public override Task<bool> ManagementCommand(object message) => _wrapped.ManagementCommand(message);

    // Akka awaits this listener before it hands out its own, so inbound associations wait here for the upstream listener.
    protected override Task<IAssociationEventListener> InterceptListen(Address listenAddress, Task<IAssociationEventListener> listenerTask)
    {
        _port = listenAddress.Port ?? 0;
        return Task.FromResult<IAssociationEventListener>(new InboundListener(this, listenerTask));
    }

    protected override void InterceptAssociate(Address remoteAddress, TaskCompletionSource<AssociationHandle> statusPromise) =>
        _wrapped.Associate(remoteAddress).ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully) statusPromise.TrySetResult(new CountingHandle(this, t.Result));
            else statusPromise.TrySetException(t.Exception?.InnerExceptions ?? [new InvalidOperationException("Association cancelled.")]);
        }, TaskContinuationOptions.ExecuteSynchronously);

    private sealed class InboundListener(CountingTransportAdapter adapter, Task<IAssociationEventListener> upstream) : IAssociationEventListener
    {
        public void Notify(IAssociationEvent ev)
        {
            var wrappedEvent = ev is InboundAssociation inbound ? new InboundAssociation(new CountingHandle(adapter, inbound.Association)) : ev;
            upstream.ContinueWith(t => t.Result.Notify(wrappedEvent), TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    private sealed class CountingHandle : AbstractTransportAdapterHandle, IHandleEventListener
    {
        private readonly CountingTransportAdapter _adapter;
        private IHandleEventListener? _upstream;

        public CountingHandle(CountingTransportAdapter adapter, AssociationHandle wrapped) : base(wrapped, Scheme)
        {
            _adapter = adapter;
            ReadHandlerSource.Task.ContinueWith(t =>
            {
                _upstream = t.Result;
                WrappedHandle.ReadHandlerSource.TrySetResult(this);
            }, TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion);
        }

        public override bool Write(ByteString payload)
        {
            RemoteTraffic.Sent(_adapter._port, RemoteAddress.Port ?? 0, payload);
            return WrappedHandle.Write(payload);
        }

        // The member Akka makes every handle implement; its Disassociate(reason, log) ends here.
        [Obsolete("Akka's abstract member, called by Disassociate(reason, log).")]
        public override void Disassociate() => WrappedHandle.Disassociate();

        public void Notify(IHandleEvent ev) => _upstream?.Notify(ev);
    }
}

/// <summary>Creates <see cref="CountingTransportAdapter"/>s; named in <c>akka.remote.adapters</c>.</summary>
internal sealed class CountingTransportAdapterProvider : ITransportAdapterProvider
{
    public Transport Create(Transport wrappedTransport, ExtendedActorSystem system) => new CountingTransportAdapter(wrappedTransport);
}
