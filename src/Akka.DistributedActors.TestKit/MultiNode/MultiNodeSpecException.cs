namespace Akka.DistributedActors.TestKit;

/// <summary>
/// A multi-node spec failed: a node threw, a checkpoint timed out, a process died, or the hard timeout hit. The message names
/// every failure and carries every node's log; <see cref="Nodes"/> has the same per node.
/// </summary>
public sealed class MultiNodeSpecException : Exception
{
    internal MultiNodeSpecException(string message, IReadOnlyList<string> failures, IReadOnlyList<MultiNodeReport> nodes) : base(message)
    {
        Failures = failures;
        Nodes = nodes;
    }

    /// <summary>Each failure the conductor recorded, first one first.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>The result and log of every node.</summary>
    public IReadOnlyList<MultiNodeReport> Nodes { get; }
}
