namespace Akka.DistributedActors;

/// <summary>
/// How one type of sharded actor is distributed (Akka's <c>ClusterShardingSettings</c> for it). Every node that starts the type,
/// or a proxy of it, must use the same <see cref="NumberOfShards"/> and <see cref="Role"/>.
/// </summary>
public sealed class ShardingSettings
{
    /// <summary>
    /// How many shards the entities are spread over (hash of the entity id). Default 100: about ten times the largest number of
    /// nodes planned, as Akka recommends. Must not change while any node of the cluster runs the type.
    /// </summary>
    public int NumberOfShards { get; set; } = 100;

    /// <summary>Only members with this role host entities; null (default) lets every member that starts the type host them.</summary>
    public string? Role { get; set; }

    /// <summary>
    /// An entity that received no call for this long is passivated (its <see cref="IShardedActor.PassivateAsync"/> runs, then it
    /// stops; the next call activates a new instance). Default 2 minutes; null keeps entities until their shard moves. Ignored
    /// when <see cref="RememberEntities"/> is on (Akka never passivates remembered entities by idleness).
    /// </summary>
    public TimeSpan? PassivateIdleAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When on, the entities that were active are started again, without waiting for a call, after their shard moves to another
    /// node (rebalance, leave, crash). Kept with Akka.DistributedData in the members' memory: it survives nodes restarting one at a
    /// time, not the whole cluster stopping. Default off.
    /// </summary>
    public bool RememberEntities { get; set; }

    /// <summary>
    /// The longest a shard's hand-off to another node may take (entities passivating included); entities still running then are
    /// stopped. Default 60 s (Akka's <c>handoff-timeout</c>).
    /// </summary>
    public TimeSpan HandOffTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// After an entity's factory (or constructor) throws, calls to that entity fail at once with
    /// <see cref="RemoteCallErrorKind.ActivationFailed"/> for this long; the first call after it runs the factory again. Default 1 s:
    /// a broken entity costs one factory run per second, not one per call.
    /// </summary>
    public TimeSpan RetryActivationAfter { get; set; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (NumberOfShards < 1)
            throw new ClusterSystemSettingsException(nameof(NumberOfShards), NumberOfShards, "must be at least 1.");
        if (Role is not null && string.IsNullOrWhiteSpace(Role))
            throw new ClusterSystemSettingsException(nameof(Role), Role, "must be null (any member) or a non-empty role name.");
        if (PassivateIdleAfter is { } idle && idle <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException(nameof(PassivateIdleAfter), idle, "must be a positive duration, or null to keep entities.");
        if (HandOffTimeout <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException(nameof(HandOffTimeout), HandOffTimeout, "must be a positive duration.");
        if (RetryActivationAfter <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException(nameof(RetryActivationAfter), RetryActivationAfter, "must be a positive duration.");
    }
}
