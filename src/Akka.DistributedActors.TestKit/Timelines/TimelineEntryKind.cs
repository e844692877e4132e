namespace Akka.DistributedActors.TestKit;

/// <summary>What a <see cref="TimelineEntry"/> records.</summary>
public enum TimelineEntryKind
{
    /// <summary>Something the kit did: start, kill, crash, restart, a link fault, a heal, a checkpoint, a chaos round.</summary>
    Action,

    /// <summary>A <see cref="Cluster.Event"/> a node published to its subscribers.</summary>
    Event,

    /// <summary>A line of a node's log.</summary>
    Log,
}
