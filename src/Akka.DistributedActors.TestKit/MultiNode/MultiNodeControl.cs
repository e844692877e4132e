using Akka.Event;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// What the body of a multi-node spec sees on its node (Swift's <c>MultiNodeTest.Control</c>): this node's system, every node's
/// identity by name, <see cref="RunOnAsync(string, Func{ClusterSystem, Task})"/>, checkpoints, and the faults the conductor
/// injects across processes (kill, blackhole, partition, pause).
/// </summary>
public sealed class MultiNodeControl
{
    private readonly NodeProcess _process;
    private readonly IReadOnlyDictionary<string, UniqueNode> _nodes;
    private readonly MultiNodeOptions _options;

    internal MultiNodeControl(NodeProcess process, ClusterSystem system, IReadOnlyList<string> names,
        IReadOnlyDictionary<string, UniqueNode> nodes, MultiNodeOptions options)
    {
        _process = process;
        _nodes = nodes;
        _options = options;
        System = system;
        NodeNames = names;
    }

    /// <summary>The name of the node this body runs on.</summary>
    public string Name => _process.Node;

    /// <summary>This node's identity (Swift's <c>control.node</c>).</summary>
    public UniqueNode UniqueNode => System.Cluster.UniqueNode;

    /// <summary>This node's cluster system.</summary>
    public ClusterSystem System { get; }

    /// <summary>This node's cluster.</summary>
    public ClusterControl Cluster => System.Cluster;

    /// <summary>This node's logger (its lines are in the node's log).</summary>
    public ILoggingAdapter Log => System.Log;

    /// <summary>Every node's name, in declaration order.</summary>
    public IReadOnlyList<string> NodeNames { get; }

    /// <summary>Every node's identity, in declaration order.</summary>
    public IReadOnlyList<UniqueNode> AllNodes => NodeNames.Select(n => _nodes[n]).ToArray();

    /// <summary>A directory every node of this run can read and write; deleted after the run.</summary>
    public string SharedDirectory => _process.SharedDirectory;

    /// <summary>The default wait for conditions in the body (<see cref="MultiNodeOptions.DefaultWithin"/>).</summary>
    public TimeSpan DefaultWithin => _options.DefaultWithin;

    /// <summary>The identity of the node named <paramref name="node"/>.</summary>
    public UniqueNode this[string node] => _nodes[Known(node)];

    /// <summary>True on the node named <paramref name="node"/>.</summary>
    public bool On(string node) => Known(node) == Name;

    /// <summary>Runs <paramref name="body"/> only on the node named <paramref name="node"/>.</summary>
    public void RunOn(string node, Action<ClusterSystem> body)
    {
        if (On(node)) body(System);
    }

    /// <summary>Runs <paramref name="body"/> only on the node named <paramref name="node"/>.</summary>
    public Task RunOnAsync(string node, Func<ClusterSystem, Task> body) => On(node) ? body(System) : Task.CompletedTask;

    /// <summary>Runs <paramref name="body"/> only on the named nodes.</summary>
    public Task RunOnAsync(IEnumerable<string> nodes, Func<ClusterSystem, Task> body) =>
        nodes.Select(Known).Contains(Name) ? body(System) : Task.CompletedTask;

    /// <summary>Retries <paramref name="block"/> until it passes (see <see cref="ClusteredSystemsTestBase.EventuallyAsync(Action, TimeSpan, TimeSpan?)"/>); <paramref name="within"/> defaults to <see cref="DefaultWithin"/>.</summary>
    public Task EventuallyAsync(Action block, TimeSpan? within = null, TimeSpan? interval = null) =>
        ClusteredSystemsTestBase.EventuallyAsync(block, within ?? DefaultWithin, interval);

    /// <summary>Fails unless <paramref name="block"/> passes every time for <paramref name="for"/> (see <see cref="ClusteredSystemsTestBase.AssertHoldsAsync(Action, TimeSpan, TimeSpan?)"/>).</summary>
    public Task AssertHoldsAsync(Action block, TimeSpan @for, TimeSpan? interval = null) =>
        ClusteredSystemsTestBase.AssertHoldsAsync(block, @for, interval);

    /// <summary>
    /// Waits until every live node (not killed, not finished) has entered the checkpoint <paramref name="name"/>. If one has not
    /// within <paramref name="within"/> (default <see cref="MultiNodeOptions.CheckpointWithin"/>) the run fails naming the
    /// nodes that did not arrive; entering a different checkpoint while one is pending fails it too.
    /// </summary>
    public Task CheckpointAsync(string name, TimeSpan? within = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _process.CheckpointAsync(name, within ?? _options.CheckpointWithin);
    }

    /// <summary>Kills the process of <paramref name="node"/> (abrupt: no leave, no goodbye) and returns once it has exited.</summary>
    public Task KillAsync(string node) => _process.KillAsync(Known(node));

    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both directions, until passed through or healed.</summary>
    public Task BlackholeAsync(string a, string b) => _process.LinkAsync(Known(a), Known(b), cut: true);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public Task PassThroughAsync(string a, string b) => _process.LinkAsync(Known(a), Known(b), cut: false);

    /// <summary>Blackholes every link between a node of <paramref name="sideA"/> and a node of <paramref name="sideB"/>.</summary>
    public async Task PartitionAsync(IEnumerable<string> sideA, IEnumerable<string> sideB)
    {
        var b = sideB.Select(Known).ToList();
        foreach (var x in sideA.Select(Known))
            foreach (var y in b)
                await BlackholeAsync(x, y).ConfigureAwait(false);
    }

    /// <summary>Restores every link cut in this run.</summary>
    public Task HealAsync() => _process.HealAsync();

    /// <summary>Blackholes every link of <paramref name="node"/>: to the others it looks frozen, yet its process keeps running.</summary>
    public Task PauseAsync(string node) => _process.PauseAsync(Known(node), pause: true);

    /// <summary>Restores every cut link of <paramref name="node"/>.</summary>
    public Task ResumeAsync(string node) => _process.PauseAsync(Known(node), pause: false);

    private string Known(string node) =>
        node is not null && _nodes.ContainsKey(node)
            ? node
            : throw new ArgumentException($"Unknown node '{node}'; the nodes are {string.Join(", ", NodeNames)}.", nameof(node));
}
