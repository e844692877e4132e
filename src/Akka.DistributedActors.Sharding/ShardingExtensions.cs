using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>Sharded actors as members of the core types: <c>system.Sharding</c> and an entity's <c>EntityId</c>.</summary>
public static class ShardingExtensions
{
    extension(ClusterSystem system)
    {
        /// <summary>Sharded distributed actors of this system: start, proxy and get them by key.</summary>
        public ShardingControl Sharding => ShardingControl.For(system ?? throw new ArgumentNullException(nameof(system)));
    }

    extension(DistributedActor actor)
    {
        /// <summary>The key of a sharded actor (the id given to <see cref="ShardingControl.Get{TInterface}"/>); throws for an actor that is not sharded.</summary>
        public string EntityId => ShardedIds.TryRead(actor.Id, out _, out var entityId)
            ? entityId
            : throw new InvalidOperationException($"{actor} is not a sharded actor; only actors started by Sharding.Start have an EntityId.");
    }
}
