namespace Akka.DistributedActors.TestKit;

/// <summary>
/// A multi-node spec failed: a node threw, a checkpoint timed out, a process died, or the hard timeout hit. The message names
/// every failure and carries the run's merged timeline (every node's cluster events, the conductor's actions and the log lines
/// around them, each with the node's name and the milliseconds since the run began); <see cref="Nodes"/> has each node's log.
/// </summary>
public sealed class MultiNodeSpecException : Exception
{
    internal MultiNodeSpecException(string message, IReadOnlyList<string> failures, IReadOnlyList<MultiNodeReport> nodes, Timeline timeline, string? timelineFile)
        : base(message)
    {
        Failures = failures;
        Nodes = nodes;
        Timeline = timeline;
        TimelineFile = timelineFile;
    }

    /// <summary>Every node's events, the conductor's actions (start, kill, restart, link faults, checkpoints) and every log line, in time order.</summary>
    public Timeline Timeline { get; }

    /// <summary>Where the whole timeline was written (see <see cref="TestKit.Timeline.Directory"/>), or null when writing failed.</summary>
    public string? TimelineFile { get; }

    /// <summary>Each failure the conductor recorded, first one first.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>The result and log of every node.</summary>
    public IReadOnlyList<MultiNodeReport> Nodes { get; }
}
