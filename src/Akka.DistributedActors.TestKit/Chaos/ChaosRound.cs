namespace Akka.DistributedActors.TestKit;

/// <summary>What the invariants of a chaos run get after each round: the round's step and the cluster, healed and converged.</summary>
public sealed class ChaosRound
{
    internal ChaosRound(int seed, ChaosStep step, ChaosCluster cluster, IReadOnlyList<string>? partitionSurvivors)
    {
        Seed = seed;
        Step = step;
        Cluster = cluster;
        PartitionSurvivors = partitionSurvivors;
    }

    /// <summary>The schedule's seed.</summary>
    public int Seed { get; }

    /// <summary>The round, from 1.</summary>
    public int Round => Step.Round;

    /// <summary>The fault this round injected.</summary>
    public ChaosStep Step { get; }

    /// <summary>The nodes now: every node running, Up and reachable in every node's view.</summary>
    public ChaosCluster Cluster { get; }

    /// <summary>
    /// For a partition, the side that stayed Up once the downing strategy had resolved it (the other side was downed), or an
    /// empty list when neither did; null for other faults. The run itself fails when both sides stay Up.
    /// </summary>
    public IReadOnlyList<string>? PartitionSurvivors { get; }
}
