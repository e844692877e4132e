namespace Akka.DistributedActors.TestKit;

/// <summary>The cluster, the workload and the invariants of a chaos run (<see cref="ClusteredSystemsTestBase.RunChaosAsync"/>).</summary>
public sealed class ChaosOptions
{
    private IReadOnlyList<string> _nodeNames = ["n0", "n1", "n2", "n3", "n4"];
    private TimeSpan _convergeWithin = TimeSpan.FromSeconds(30);
    private TimeSpan _totalLossAfter = TimeSpan.FromSeconds(3);

    /// <summary>The nodes, one <see cref="ClusterSystem"/> each; the first founds the cluster (default five: n0 to n4).</summary>
    public IReadOnlyList<string> NodeNames
    {
        get => _nodeNames;
        set => _nodeNames = value is { Count: >= 2 } && value.Distinct().Count() == value.Count
            ? value.ToArray()
            : throw new ArgumentException($"ChaosOptions.NodeNames needs at least two distinct names (was [{string.Join(", ", value ?? [])}]).", nameof(value));
    }

    /// <summary>Settings for every node and every replacement, after the test class's (default none). Chaos needs a downing strategy that resolves partitions.</summary>
    public Action<ClusterSystemSettings>? ConfigureNode { get; set; }

    /// <summary>Runs on every node and every replacement once it has started, before it joins: spawn the workload's actors here (default none).</summary>
    public Func<ChaosNode, Task>? NodeStarted { get; set; }

    /// <summary>Runs from the first converged cluster to the end of the last round, beside the faults; its failure fails the run (default none).</summary>
    public Func<ChaosCluster, CancellationToken, Task>? Workload { get; set; }

    /// <summary>Checked after every round, once the faults are healed and every node sees every node Up and reachable. Required.</summary>
    public Func<ChaosRound, Task>? CheckInvariants { get; set; }

    /// <summary>How long the cluster may take to converge after a round (every node Up and reachable everywhere) and a partition to resolve (default 30 s).</summary>
    public TimeSpan ConvergeWithin
    {
        get => _convergeWithin;
        set => _convergeWithin = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"ChaosOptions.ConvergeWithin must be positive (was {value}).");
    }

    /// <summary>
    /// When every node has been downed (a legal outcome when all stall at once: each is a minority of one), how long to wait
    /// before the cluster is formed anew on the same addresses (default 3 s).
    /// </summary>
    public TimeSpan TotalLossAfter
    {
        get => _totalLossAfter;
        set => _totalLossAfter = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, $"ChaosOptions.TotalLossAfter must be positive (was {value}).");
    }
}
