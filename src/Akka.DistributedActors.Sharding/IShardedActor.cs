namespace Akka.DistributedActors;

/// <summary>
/// Optional hooks of a <see cref="DistributedActor"/> class started as a sharded actor; each runs as a turn of the instance.
/// Implement the ones you need: both default to doing nothing.
/// </summary>
public interface IShardedActor
{
    /// <summary>Runs as the first turn of a new instance (first call after start, passivation or a move to another node).</summary>
    Task ActivateAsync() => Task.CompletedTask;

    /// <summary>
    /// Runs before the instance stops because it was idle (<see cref="ShardingSettings.PassivateIdleAfter"/>) or its shard moves
    /// to another node; state not saved here is lost. Calls arriving meanwhile wait for the next instance.
    /// </summary>
    Task PassivateAsync() => Task.CompletedTask;
}
