using Akka.Event;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// What the body of a multi-node spec sees on its node (Swift's <c>MultiNodeTest.Control</c>): this node's system, every node's
/// identity by name, <see cref="RunOnAsync(RoleName, Func{ClusterSystem, Task})"/>, checkpoints, and the faults the conductor
/// injects across processes (kill, restart, blackhole, throttle, disconnect, partition, pause). Nodes are named by
/// <see cref="RoleName"/>: a member of the spec's enum of nodes, a <see cref="RoleName"/> field, or a string.
/// </summary>
public sealed class MultiNodeControl
{
    private readonly NodeProcess _process;
    private readonly MultiNodeOptions _options;

    internal MultiNodeControl(NodeProcess process, ClusterSystem system, IReadOnlyList<string> names, MultiNodeOptions options)
    {
        _process = process;
        _options = options;
        System = system;
        NodeNames = names;
    }

    /// <summary>The name of the node this body runs on.</summary>
    public string Name => _process.Node;

    /// <summary>1 in a node's first process, 2, 3, ... in the processes <see cref="RestartAsync"/> started for it.</summary>
    public int Incarnation => _process.Restart?.Incarnation ?? 1;

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

    /// <summary>Every node's identity, in declaration order (a restarted node's latest incarnation).</summary>
    public IReadOnlyList<UniqueNode> AllNodes => NodeNames.Select(n => _process.Identities[n]).ToArray();

    /// <summary>A directory every node of this run can read and write; deleted after the run.</summary>
    public string SharedDirectory => _process.SharedDirectory;

    /// <summary>The default wait for conditions in the body (<see cref="MultiNodeOptions.DefaultWithin"/>).</summary>
    public TimeSpan DefaultWithin => _options.DefaultWithin;

    /// <summary>The identity of <paramref name="node"/> (after a restart, its new incarnation's).</summary>
    public UniqueNode this[RoleName node] => _process.Identities[Known(node)];

    /// <summary>True on <paramref name="node"/>.</summary>
    public bool On(RoleName node) => Known(node) == Name;

    /// <summary>Runs <paramref name="body"/> only on <paramref name="node"/>.</summary>
    public void RunOn(RoleName node, Action<ClusterSystem> body)
    {
        if (On(node)) body(System);
    }

    /// <summary>Runs <paramref name="body"/> only on <paramref name="node"/>.</summary>
    public Task RunOnAsync(RoleName node, Func<ClusterSystem, Task> body) => On(node) ? body(System) : Task.CompletedTask;

    /// <summary>Runs <paramref name="body"/> only on the given nodes.</summary>
    public Task RunOnAsync(IEnumerable<RoleName> nodes, Func<ClusterSystem, Task> body) =>
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
    public Task KillAsync(RoleName node) => _process.KillAsync(Known(node));

    /// <summary>
    /// Brings <paramref name="node"/> back as a new incarnation on the same address: kills its process if it still runs, heals
    /// its links, and starts a new process that joins this node and, once Up, runs the body registered as
    /// <paramref name="entryPoint"/> in <see cref="MultiNodeOptions.EntryPoints"/>. Returns once the new incarnation's identity is
    /// known to every node (<c>node["name"]</c>); wait for it to be Up as for any join. The cluster downs and removes the old
    /// incarnation meanwhile.
    /// </summary>
    public Task RestartAsync(RoleName node, string entryPoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(entryPoint);
        if (!_options.EntryPoints.ContainsKey(entryPoint))
            throw new ArgumentException($"No entry point '{entryPoint}' in MultiNodeOptions.EntryPoints (registered: {string.Join(", ", _options.EntryPoints.Keys)}).", nameof(entryPoint));
        return _process.RestartAsync(Known(node), entryPoint);
    }

    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both directions, until passed through or healed.</summary>
    public Task BlackholeAsync(RoleName a, RoleName b) => LinkAsync(a, b, LinkFault.Blackhole, LinkDirection.Both);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>, whatever fault it had.</summary>
    public Task PassThroughAsync(RoleName a, RoleName b) => HealAsync(a, b);

    /// <summary>
    /// Limits the link between <paramref name="a"/> and <paramref name="b"/> to <paramref name="bytesPerSecond"/> (both
    /// directions, or one), until healed; see <see cref="FaultInjection"/> for what the failure detector makes of it.
    /// </summary>
    public Task ThrottleAsync(RoleName a, RoleName b, long bytesPerSecond, LinkDirection direction = LinkDirection.Both) =>
        LinkAsync(a, b, LinkFault.Throttle(bytesPerSecond), direction);

    /// <summary>
    /// Closes the association between <paramref name="a"/> and <paramref name="b"/> abruptly (both see a disassociation) and
    /// refuses it until healed; <paramref name="direction"/> names the node that closes and refuses (both by default).
    /// </summary>
    public Task DisconnectAsync(RoleName a, RoleName b, LinkDirection direction = LinkDirection.Both) =>
        LinkAsync(a, b, LinkFault.Disconnect, direction);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>, whatever fault it had.</summary>
    public Task HealAsync(RoleName a, RoleName b) => LinkAsync(a, b, LinkFault.PassThrough, LinkDirection.Both);

    /// <summary>Blackholes every link between a node of <paramref name="sideA"/> and a node of <paramref name="sideB"/>.</summary>
    public async Task PartitionAsync(IEnumerable<RoleName> sideA, IEnumerable<RoleName> sideB)
    {
        var b = sideB.ToList();
        foreach (var x in sideA)
            foreach (var y in b)
                await BlackholeAsync(x, y).ConfigureAwait(false);
    }

    /// <summary>Restores every link faulted in this run.</summary>
    public Task HealAsync() => _process.HealAsync();

    /// <summary>Blackholes every link of <paramref name="node"/>: to the others it looks frozen, yet its process keeps running.</summary>
    public Task PauseAsync(RoleName node) => _process.PauseAsync(Known(node), pause: true);

    /// <summary>Restores every faulted link of <paramref name="node"/>.</summary>
    public Task ResumeAsync(RoleName node) => _process.PauseAsync(Known(node), pause: false);

    private Task LinkAsync(RoleName a, RoleName b, LinkFault fault, LinkDirection direction) => _process.LinkAsync(Known(a), Known(b), fault, direction);

    private string Known(RoleName node) =>
        node.Name is { } name && NodeNames.Contains(name)
            ? name
            : throw new ArgumentException($"Unknown node '{node}'; the nodes are {string.Join(", ", NodeNames)}.", nameof(node));
}
