namespace Akka.DistributedActors.TestKit;

/// <summary>
/// A chaos run failed: an invariant, the workload, or the cluster's recovery. The message names the seed, the round and its
/// fault, says how to rerun that seed alone, and carries the run's timeline from the failing round on (the whole timeline is
/// in <see cref="TimelineFile"/>).
/// </summary>
public sealed class ChaosFailedException : Exception
{
    internal ChaosFailedException(string message, int seed, int round, ChaosStep? step, string rerun, Timeline timeline, string? timelineFile, Exception inner)
        : base(message, inner)
    {
        Seed = seed;
        Round = round;
        Step = step;
        Rerun = rerun;
        Timeline = timeline;
        TimelineFile = timelineFile;
    }

    /// <summary>The seed of the failing schedule.</summary>
    public int Seed { get; }

    /// <summary>The round that failed (0: setting up the cluster, before the first fault).</summary>
    public int Round { get; }

    /// <summary>The failing round's fault, or null when setting up failed.</summary>
    public ChaosStep? Step { get; }

    /// <summary>The command that reruns this seed alone.</summary>
    public string Rerun { get; }

    /// <summary>Every node's events, the kit's actions and the log lines of the whole run, in time order.</summary>
    public Timeline Timeline { get; }

    /// <summary>Where the timeline was written, or null when writing it failed.</summary>
    public string? TimelineFile { get; }
}
