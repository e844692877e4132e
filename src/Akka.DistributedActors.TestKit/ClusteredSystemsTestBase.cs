using Xunit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Base class for xunit tests that run several <see cref="ClusterSystem"/>s in one process. Nodes start with
/// <see cref="TestSettings"/> (free ports, fast timings); every node started through the base is shut down after the test
/// (cut links healed first, so nodes can leave), and every node's captured log is written to the test output. xunit 2 gives a
/// test no way to learn its own outcome, so the log is written for every test; <c>dotnet test</c> prints a test's output only
/// when it fails.
/// </summary>
public abstract class ClusteredSystemsTestBase : IAsyncLifetime
{
    private readonly List<ClusterSystem> _nodes = [];
    private readonly List<ClusterEventProbe> _probes = [];
    private readonly HashSet<(ClusterSystem, ClusterSystem)> _cutLinks = [];

    /// <summary>Creates the base; pass xunit's output helper to see node logs of failing tests.</summary>
    protected ClusteredSystemsTestBase(ITestOutputHelper? output = null) => Output = output;

    /// <summary>Where node logs go at the end of the test.</summary>
    protected ITestOutputHelper? Output { get; }

    /// <summary>Default wait for joins and status checks: 20 s (every wait still returns as soon as its condition holds).</summary>
    protected virtual TimeSpan DefaultWithin => TimeSpan.FromSeconds(20);

    /// <summary>Every node started by this test, in start order.</summary>
    protected IReadOnlyList<ClusterSystem> Nodes => _nodes;

    /// <summary>Override to change the settings of every node of a test class (after the kit's defaults, before the per-node ones).</summary>
    protected virtual void ConfigureSettings(ClusterSystemSettings settings) { }

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Starts a node named <paramref name="name"/> with the test settings, then <paramref name="configure"/>.</summary>
    protected async Task<ClusterSystem> SetUpNodeAsync(string name, Action<ClusterSystemSettings>? configure = null)
    {
        var system = await ClusterSystem.StartAsync(TestSettings.Create(name, ConfigureSettings, configure)).ConfigureAwait(false);
        lock (_nodes) _nodes.Add(system);
        return system;
    }

    /// <summary>Starts two nodes, "first" and "second" (not joined).</summary>
    protected async Task<(ClusterSystem First, ClusterSystem Second)> SetUpPairAsync(Action<ClusterSystemSettings>? configure = null) =>
        (await SetUpNodeAsync("first", configure).ConfigureAwait(false), await SetUpNodeAsync("second", configure).ConfigureAwait(false));

    /// <summary>Starts one node per name, in order, each with <paramref name="configure"/> (not joined).</summary>
    protected async Task<ClusterSystem[]> SetUpNodesAsync(IReadOnlyList<string> names, Action<ClusterSystemSettings>? configure = null)
    {
        var nodes = new ClusterSystem[names.Count];
        for (var i = 0; i < nodes.Length; i++) nodes[i] = await SetUpNodeAsync(names[i], configure).ConfigureAwait(false);
        return nodes;
    }

    /// <summary>
    /// Starts one node per name (each with <paramref name="configure"/>), joins every node to the first and waits until every
    /// node sees all of them Up.
    /// </summary>
    protected async Task<ClusterSystem[]> SetUpClusterAsync(IReadOnlyList<string> names, Action<ClusterSystemSettings>? configure = null)
    {
        var nodes = await SetUpNodesAsync(names, configure).ConfigureAwait(false);
        foreach (var node in nodes.Skip(1)) await JoinNodesAsync(node, nodes[0]).ConfigureAwait(false);
        await EnsureAllUpAsync(nodes).ConfigureAwait(false);
        return nodes;
    }

    /// <summary>
    /// Joins <paramref name="node"/> with <paramref name="with"/>; when <paramref name="ensureMembers"/> is given, waits (up to
    /// <paramref name="ensureWithin"/>) until both see both at that status or further.
    /// </summary>
    protected async Task JoinNodesAsync(ClusterSystem node, ClusterSystem with, TimeSpan? ensureWithin = null,
        Cluster.MemberStatus? ensureMembers = Cluster.MemberStatus.Up)
    {
        node.Cluster.Join(with.Cluster.Node);
        if (ensureMembers is { } status)
        {
            var within = ensureWithin ?? DefaultWithin;
            UniqueNode[] both = [node.Cluster.UniqueNode, with.Cluster.UniqueNode];
            await Task.WhenAll(
                node.Cluster.WaitForAtLeastAsync(both, status, within),
                with.Cluster.WaitForAtLeastAsync(both, status, within)).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every one of <paramref name="nodes"/> has exactly <paramref name="status"/> on <paramref name="on"/> (default: the first node).</summary>
    protected Task EnsureNodesAsync(Cluster.MemberStatus status, ClusterSystem? on = null, TimeSpan? within = null, params UniqueNode[] nodes) =>
        (on ?? _nodes[0]).Cluster.WaitForAsync(nodes, status, within ?? DefaultWithin);

    /// <summary>Waits until every one of <paramref name="nodes"/> has <paramref name="atLeast"/> or a later status on <paramref name="on"/>.</summary>
    protected Task EnsureNodesAtLeastAsync(Cluster.MemberStatus atLeast, ClusterSystem? on = null, TimeSpan? within = null, params UniqueNode[] nodes) =>
        (on ?? _nodes[0]).Cluster.WaitForAtLeastAsync(nodes, atLeast, within ?? DefaultWithin);

    /// <summary>Waits until every given system sees every given system Up.</summary>
    protected Task EnsureAllUpAsync(IEnumerable<ClusterSystem> systems, TimeSpan? within = null)
    {
        var list = systems.ToList();
        var nodes = list.Select(s => s.Cluster.UniqueNode).ToArray();
        return Task.WhenAll(list.Select(s => s.Cluster.WaitForAsync(nodes, Cluster.MemberStatus.Up, within ?? DefaultWithin)));
    }

    /// <summary>Asserts that <paramref name="node"/> reaches exactly <paramref name="is"/> on <paramref name="on"/> within the time.</summary>
    protected Task AssertMemberStatusAsync(ClusterSystem on, UniqueNode node, Cluster.MemberStatus @is, TimeSpan? within = null) =>
        on.Cluster.WaitForAsync(node, @is, within ?? DefaultWithin);

    /// <summary>Asserts that <paramref name="node"/> reaches <paramref name="atLeast"/> or further on <paramref name="on"/> within the time.</summary>
    protected Task AssertMemberStatusAtLeastAsync(ClusterSystem on, UniqueNode node, Cluster.MemberStatus atLeast, TimeSpan? within = null) =>
        on.Cluster.WaitForAtLeastAsync(node, atLeast, within ?? DefaultWithin);

    /// <summary>Asserts that <paramref name="on"/> sees <paramref name="leader"/> as leader (null: no leader) within the time.</summary>
    protected Task AssertLeaderNodeAsync(ClusterSystem on, UniqueNode? leader, TimeSpan? within = null) =>
        EventuallyAsync(() =>
        {
            var actual = on.Cluster.MembershipSnapshot.Leader?.Node;
            if (!Equals(actual, leader))
                throw new Xunit.Sdk.XunitException($"Expected leader {leader?.ToString() ?? "none"} on {on}, found {actual?.ToString() ?? "none"}.");
        }, within ?? DefaultWithin);

    /// <summary>Records the events of <paramref name="system"/> from now on; disposed with the test.</summary>
    protected ClusterEventProbe EventProbe(ClusterSystem system)
    {
        var probe = new ClusterEventProbe(system);
        lock (_probes) _probes.Add(probe);
        return probe;
    }

    /// <summary>Runs <paramref name="block"/> until it does not throw, every <paramref name="interval"/> (default 100 ms); rethrows its last error after <paramref name="within"/>.</summary>
    public static Task EventuallyAsync(Action block, TimeSpan within, TimeSpan? interval = null) =>
        EventuallyAsync(() =>
        {
            block();
            return Task.CompletedTask;
        }, within, interval);

    /// <summary>Async form of <see cref="EventuallyAsync(Action, TimeSpan, TimeSpan?)"/>.</summary>
    public static async Task EventuallyAsync(Func<Task> block, TimeSpan within, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await block().ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is not OperationCanceledException)
            {
                await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <paramref name="block"/> every <paramref name="interval"/> (default 100 ms) for <paramref name="for"/>; fails at its first error.</summary>
    public static Task AssertHoldsAsync(Action block, TimeSpan @for, TimeSpan? interval = null) =>
        AssertHoldsAsync(() =>
        {
            block();
            return Task.CompletedTask;
        }, @for, interval);

    /// <summary>Async form of <see cref="AssertHoldsAsync(Action, TimeSpan, TimeSpan?)"/>.</summary>
    public static async Task AssertHoldsAsync(Func<Task> block, TimeSpan @for, TimeSpan? interval = null)
    {
        var end = DateTime.UtcNow + @for;
        do
        {
            await block().ConfigureAwait(false);
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        } while (DateTime.UtcNow < end);
        await block().ConfigureAwait(false);
    }

    /// <summary>Cuts the link between <paramref name="a"/> and <paramref name="b"/> (both directions) until healed.</summary>
    protected async Task BlackholeAsync(ClusterSystem a, ClusterSystem b)
    {
        await FaultInjection.BlackholeAsync(a, b).ConfigureAwait(false);
        lock (_cutLinks) _cutLinks.Add((a, b));
    }

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>.</summary>
    protected async Task PassThroughAsync(ClusterSystem a, ClusterSystem b)
    {
        await FaultInjection.PassThroughAsync(a, b).ConfigureAwait(false);
        lock (_cutLinks)
        {
            _cutLinks.Remove((a, b));
            _cutLinks.Remove((b, a));
        }
    }

    /// <summary>Cuts every link between a node of <paramref name="sideA"/> and a node of <paramref name="sideB"/>.</summary>
    protected async Task PartitionAsync(IEnumerable<ClusterSystem> sideA, IEnumerable<ClusterSystem> sideB)
    {
        var b = sideB.ToList();
        foreach (var x in sideA)
            foreach (var y in b)
                await BlackholeAsync(x, y).ConfigureAwait(false);
    }

    /// <summary>Restores every link cut by this test.</summary>
    protected async Task HealAsync()
    {
        List<(ClusterSystem, ClusterSystem)> links;
        lock (_cutLinks) links = _cutLinks.ToList();
        foreach (var (a, b) in links) await PassThroughAsync(a, b).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts every link of <paramref name="node"/> to every other running node of the test: to them it looks frozen (as a
    /// paused process), while it keeps running. <see cref="ResumeAsync"/> or <see cref="HealAsync"/> undo it.
    /// </summary>
    protected async Task PauseAsync(ClusterSystem node)
    {
        List<ClusterSystem> others;
        lock (_nodes) others = _nodes.Where(n => n != node && !n.IsTerminated).ToList();
        foreach (var other in others)
            await BlackholeAsync(node, other).ConfigureAwait(false);
    }

    /// <summary>Restores every cut link of <paramref name="node"/>.</summary>
    protected async Task ResumeAsync(ClusterSystem node)
    {
        List<(ClusterSystem A, ClusterSystem B)> links;
        lock (_cutLinks) links = _cutLinks.Where(l => l.Item1 == node || l.Item2 == node).ToList();
        foreach (var (a, b) in links) await PassThroughAsync(a, b).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="node"/> abruptly: no leave, no goodbye; the others must detect it with the failure detector.</summary>
    protected static async Task CrashAsync(ClusterSystem node)
    {
        await node.ActorSystem.Terminate().ConfigureAwait(false);
        await node.Terminated.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public virtual async Task DisposeAsync()
    {
        foreach (var probe in _probes) await probe.DisposeAsync().ConfigureAwait(false);
        try
        {
            await HealAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A node whose remoting is already gone cannot heal; every node must still be shut down below.
            Output?.WriteLine($"Healing links before shutdown failed: {e.Message}");
        }
        List<ClusterSystem> nodes;
        lock (_nodes) nodes = _nodes.ToList();
        var shutdown = Task.WhenAll(nodes.Select(n => n.ShutdownAsync()));
        if (await Task.WhenAny(shutdown, Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false) != shutdown)
        {
            // A node that cannot leave (for example, cut off from everyone) is terminated without leaving.
            await Task.WhenAll(nodes.Select(n => n.ActorSystem.Terminate())).ConfigureAwait(false);
        }
        foreach (var node in nodes)
        {
            DumpLog(node);
            CapturingLogger.Forget(node.ActorSystem);
        }
    }

    /// <summary>Writes the captured log of <paramref name="node"/> to the test output.</summary>
    protected void DumpLog(ClusterSystem node)
    {
        if (Output is null) return;
        var lines = CapturingLogger.LinesOf(node.ActorSystem);
        if (lines.Count == 0) return;
        try
        {
            Output.WriteLine($"----- log of {node} ({lines.Count} lines) -----");
            foreach (var line in lines) Output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has already completed its output; nothing more can be written.
        }
    }
}
