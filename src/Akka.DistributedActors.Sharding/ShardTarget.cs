using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The Akka reference a sharded actor's proxies send to: wraps each call envelope for its entity and hands it to the type's
/// shard region (or region proxy) with the caller's reply address as sender, with no actor hop of its own.
/// </summary>
internal sealed class ShardTarget(IActorRef region, string entityId, IActorRefProvider provider) : MinimalActorRef
{
    // Built when asked (logging, dead letters): a proxy is made per Get, and most never need it.
    private ActorPath? _path;

    public override ActorPath Path => _path ??= region.Path / Uri.EscapeDataString(entityId);

    public override IActorRefProvider Provider => provider;

    protected override void TellInternal(object message, IActorRef sender)
    {
        switch (message)
        {
            case RemoteInvocation invocation:
                region.Tell(new ShardedInvocation(entityId, invocation), sender);
                break;
            case CancelInvocation cancel:
                region.Tell(new ShardedCancel(entityId, cancel), sender);
                break;
            case WatchEntity watch:
                region.Tell(new ShardedWatch(entityId, watch), sender);
                break;
        }
    }
}
