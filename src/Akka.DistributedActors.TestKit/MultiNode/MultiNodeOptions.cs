namespace Akka.DistributedActors.TestKit;

/// <summary>How a multi-node spec runs; set in <see cref="MultiNodeSpec.ConfigureMultiNode"/> or per test in <c>RunAsync</c>.</summary>
public sealed class MultiNodeOptions
{
    private TimeSpan _hardTimeout = TimeSpan.FromSeconds(60);
    private TimeSpan _checkpointWithin = TimeSpan.FromSeconds(30);
    private TimeSpan _initialJoinWithin = TimeSpan.FromSeconds(30);
    private TimeSpan _defaultWithin = TimeSpan.FromSeconds(20);
    private TimeSpan _shutdownWithin = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The longest a whole run may take, from starting the node processes to the last node passing (default 60 s). At the
    /// deadline every node process still running is killed and the test fails naming them.
    /// </summary>
    public TimeSpan HardTimeout { get => _hardTimeout; set => _hardTimeout = Positive(value, nameof(HardTimeout)); }

    /// <summary>Default wait of <see cref="MultiNodeControl.CheckpointAsync"/> for every live node to arrive (default 30 s).</summary>
    public TimeSpan CheckpointWithin { get => _checkpointWithin; set => _checkpointWithin = Positive(value, nameof(CheckpointWithin)); }

    /// <summary>How long the nodes may take to see each other Up when <see cref="JoinOnStart"/> is on (default 30 s).</summary>
    public TimeSpan InitialJoinWithin { get => _initialJoinWithin; set => _initialJoinWithin = Positive(value, nameof(InitialJoinWithin)); }

    /// <summary>The wait <see cref="MultiNodeControl.DefaultWithin"/> offers to the test body (default 20 s).</summary>
    public TimeSpan DefaultWithin { get => _defaultWithin; set => _defaultWithin = Positive(value, nameof(DefaultWithin)); }

    /// <summary>How long a node's graceful shutdown may take after the test before its system is terminated (default 10 s).</summary>
    public TimeSpan ShutdownWithin { get => _shutdownWithin; set => _shutdownWithin = Positive(value, nameof(ShutdownWithin)); }

    /// <summary>
    /// When on (the default), every node joins the first named node and the body starts only once every node sees every node
    /// Up; when off, the body starts on unjoined nodes and joins itself.
    /// </summary>
    public bool JoinOnStart { get; set; } = true;

    /// <summary>
    /// Changes a node's settings for this test only, after <see cref="MultiNodeSpec.ConfigureSettings"/> (default none); it runs in
    /// the node's process and gets the node's name.
    /// </summary>
    public Action<string, ClusterSystemSettings>? ConfigureSettings { get; set; }

    /// <summary>
    /// The bodies a restarted node runs instead of the spec's body, by name (default none):
    /// <see cref="MultiNodeControl.RestartAsync"/> names one. The new incarnation runs it once it has joined and is Up; it takes
    /// part in checkpoints like any node.
    /// </summary>
    public Dictionary<string, Func<MultiNodeControl, Task>> EntryPoints { get; } = new(StringComparer.Ordinal);

    /// <summary>Also write every node's log to the test output when the spec passes (default off: logs are printed on failure).</summary>
    public bool AlwaysWriteNodeLogs { get; set; }

    private static TimeSpan Positive(TimeSpan value, string name) =>
        value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(name, value, $"MultiNodeOptions.{name} must be positive.");
}
