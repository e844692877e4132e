using Akka.Cluster.Sharding;

namespace Akka.DistributedActors.Internal;

/// <summary>What travels through a shard region to one entity; bound to <see cref="ShardEnvelopeSerializer"/>.</summary>
internal interface IShardEnvelope
{
    string EntityId { get; }

    /// <summary>What the entity's host receives: the call envelope of the ordinary call path.</summary>
    object Message { get; }
}

/// <summary>A call to entity <paramref name="EntityId"/>: the same frame an ordinary remote call sends.</summary>
internal sealed record ShardedInvocation(string EntityId, RemoteInvocation Invocation) : IShardEnvelope
{
    public object Message => Invocation;
}

/// <summary>The caller gave up on a call to entity <paramref name="EntityId"/> whose method takes a CancellationToken.</summary>
internal sealed record ShardedCancel(string EntityId, CancelInvocation Cancel) : IShardEnvelope
{
    public object Message => Cancel;
}

/// <summary>A watcher starts or stops watching entity <paramref name="EntityId"/> (the entity tells it when it stops).</summary>
internal sealed record ShardedWatch(string EntityId, WatchEntity Watch) : IShardEnvelope
{
    public object Message => Watch;
}

/// <summary>
/// Akka's message extractor for sharded actors: the entity id is the envelope's, the shard the hash of the entity id modulo the
/// number of shards (Akka's <see cref="HashCodeMessageExtractor"/>, which also routes Akka's own StartEntity of remembered
/// entities), and the entity receives the call envelope inside.
/// </summary>
internal sealed class EntityMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => (message as IShardEnvelope)?.EntityId;

    public override object? EntityMessage(object message) => message is IShardEnvelope envelope ? envelope.Message : message;
}
