namespace Akka.DistributedActors.TestKit;

/// <summary>How one node process of a multi-node run ended.</summary>
public enum MultiNodeOutcome
{
    /// <summary>The body completed and the node shut down.</summary>
    Passed,

    /// <summary>The body threw, or the process ended without reporting a result.</summary>
    Failed,

    /// <summary>Killed on purpose by <see cref="MultiNodeControl.KillAsync"/>.</summary>
    Killed,

    /// <summary>Killed by the conductor because the run failed elsewhere or reached its hard timeout.</summary>
    Aborted,
}
