using Xunit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Base class for xunit tests that run several <see cref="ClusterSystem"/>s in one process. Nodes start with
/// <see cref="TestSettings"/> (free ports, fast timings); every node started through the base is shut down after the test
/// (faulted links healed first, so nodes can leave), and the test's <see cref="Timeline"/> (every node's cluster events, the
/// kit's actions and every node's log lines, in time order) is written to the test output. xunit 2 gives a test no way to
/// learn its own outcome, so it is written for every test; <c>dotnet test</c> prints a test's output only when it fails.
/// </summary>
public abstract partial class ClusteredSystemsTestBase : IAsyncLifetime
{
    private readonly List<ClusterSystem> _nodes = [];
    private readonly List<ClusterEventProbe> _probes = [];
    private readonly Dictionary<ClusterSystem, NodeInfo> _info = [];
    private readonly HashSet<(ClusterSystem, ClusterSystem)> _faultedLinks = [];

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

    /// <summary>
    /// Starts a node named <paramref name="name"/> (a string, or a member of the spec's enum of nodes) with the test settings,
    /// then <paramref name="configure"/>.
    /// </summary>
    protected Task<ClusterSystem> SetUpNodeAsync(RoleName name, Action<ClusterSystemSettings>? configure = null) =>
        StartNodeAsync(name.Name, 1, configure);

    private async Task<ClusterSystem> StartNodeAsync(string name, int incarnation, Action<ClusterSystemSettings>? configure)
    {
        var system = await ClusterSystem.StartAsync(TestSettings.Create(name, ConfigureSettings, configure)).ConfigureAwait(false);
        var info = new NodeInfo(name, incarnation, configure);
        lock (_nodes)
        {
            _nodes.Add(system);
            _info[system] = info;
        }
        Recorder.Action($"start {info.Label} ({system.Cluster.UniqueNode})");
        Recorder.Follow(info.Label, system);
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
    protected Task BlackholeAsync(ClusterSystem a, ClusterSystem b) => FaultAsync(a, b, LinkFault.Blackhole, LinkDirection.Both);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>, whatever fault it had (as <see cref="HealAsync(ClusterSystem, ClusterSystem)"/>).</summary>
    protected Task PassThroughAsync(ClusterSystem a, ClusterSystem b) => HealAsync(a, b);

    /// <summary>
    /// Limits the link between <paramref name="a"/> and <paramref name="b"/> to <paramref name="bytesPerSecond"/> (both
    /// directions, or one by <paramref name="direction"/>) until healed; see <see cref="FaultInjection"/> for what the failure
    /// detector makes of it.
    /// </summary>
    protected Task ThrottleAsync(ClusterSystem a, ClusterSystem b, long bytesPerSecond, LinkDirection direction = LinkDirection.Both) =>
        FaultAsync(a, b, LinkFault.Throttle(bytesPerSecond), direction);

    /// <summary>
    /// Closes the association between <paramref name="a"/> and <paramref name="b"/> abruptly (both see a disassociation) and
    /// refuses it until healed; <paramref name="direction"/> names the node that closes and refuses (both by default).
    /// </summary>
    protected Task DisconnectAsync(ClusterSystem a, ClusterSystem b, LinkDirection direction = LinkDirection.Both) =>
        FaultAsync(a, b, LinkFault.Disconnect, direction);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>, whatever fault it had.</summary>
    protected async Task HealAsync(ClusterSystem a, ClusterSystem b)
    {
        Recorder.Action($"heal {NameOf(a)}<->{NameOf(b)}");
        await FaultInjection.ApplyAsync(a, b, LinkFault.PassThrough, LinkDirection.Both).ConfigureAwait(false);
        lock (_faultedLinks)
        {
            _faultedLinks.Remove((a, b));
            _faultedLinks.Remove((b, a));
        }
    }

    /// <summary>Cuts every link between a node of <paramref name="sideA"/> and a node of <paramref name="sideB"/>.</summary>
    protected async Task PartitionAsync(IEnumerable<ClusterSystem> sideA, IEnumerable<ClusterSystem> sideB)
    {
        var a = sideA.ToList();
        var b = sideB.ToList();
        Recorder.Action($"partition {string.Join(",", a.Select(NameOf))}|{string.Join(",", b.Select(NameOf))}");
        foreach (var x in a)
            foreach (var y in b)
                await BlackholeAsync(x, y).ConfigureAwait(false);
    }

    /// <summary>Restores every link faulted by this test.</summary>
    protected async Task HealAsync()
    {
        List<(ClusterSystem, ClusterSystem)> links;
        lock (_faultedLinks) links = _faultedLinks.ToList();
        foreach (var (a, b) in links) await HealAsync(a, b).ConfigureAwait(false);
    }

    /// <summary>
    /// Cuts every link of <paramref name="node"/> to every other running node of the test: to them it looks frozen (as a
    /// paused process), while it keeps running. <see cref="ResumeAsync"/> or <see cref="HealAsync()"/> undo it.
    /// </summary>
    protected async Task PauseAsync(ClusterSystem node)
    {
        List<ClusterSystem> others;
        lock (_nodes) others = _nodes.Where(n => n != node && !n.IsTerminated).ToList();
        Recorder.Action($"pause {NameOf(node)}");
        foreach (var other in others)
            await BlackholeAsync(node, other).ConfigureAwait(false);
    }

    /// <summary>Restores every faulted link of <paramref name="node"/>.</summary>
    protected async Task ResumeAsync(ClusterSystem node)
    {
        List<(ClusterSystem A, ClusterSystem B)> links;
        lock (_faultedLinks) links = _faultedLinks.Where(l => l.Item1 == node || l.Item2 == node).ToList();
        Recorder.Action($"resume {NameOf(node)}");
        foreach (var (a, b) in links) await HealAsync(a, b).ConfigureAwait(false);
    }

    /// <summary>Stops <paramref name="node"/> abruptly: no leave, no goodbye; the others must detect it with the failure detector.</summary>
    protected async Task CrashAsync(ClusterSystem node)
    {
        Recorder.Action($"crash {NameOf(node)}");
        await node.ActorSystem.Terminate().ConfigureAwait(false);
        await node.Terminated.ConfigureAwait(false);
    }

    /// <summary>
    /// Brings <paramref name="node"/> back as a new incarnation on the same address: crashes it if it still runs, heals its
    /// links (a fault is keyed by address and would cut off the replacement too), starts a node with the same name, port and
    /// settings (then <paramref name="configure"/>), joins it to <paramref name="joinTo"/> (default: the first running node
    /// that sees itself Up) and waits until both see it Up. The old incarnation is downed and removed by the others meanwhile:
    /// the cluster refuses a new incarnation until the old one is gone.
    /// </summary>
    protected async Task<ClusterSystem> RestartAsync(ClusterSystem node, Action<ClusterSystemSettings>? configure = null,
        ClusterSystem? joinTo = null, TimeSpan? within = null)
    {
        NodeInfo info;
        lock (_nodes)
        {
            info = _info.TryGetValue(node, out var known) ? known
                : throw new ArgumentException($"{node} was not started by this test (SetUpNodeAsync), so the kit cannot restart it.", nameof(node));
        }
        var seed = joinTo ?? Running().FirstOrDefault(n => n != node && n.Cluster.Member.Status == Cluster.MemberStatus.Up)
            ?? throw new InvalidOperationException($"No running node is Up for the restarted {info.Name} to join; pass joinTo.");
        if (!node.IsTerminated) await CrashAsync(node).ConfigureAwait(false);
        await ResumeAsync(node).ConfigureAwait(false);
        var replacement = await StartReplacementAsync(node, configure).ConfigureAwait(false);
        Recorder.Action($"restart {info.Name} as {NameOf(replacement)} ({replacement.Cluster.UniqueNode}), joining {NameOf(seed)}");
        await JoinNodesAsync(replacement, seed, within).ConfigureAwait(false);
        return replacement;
    }

    /// <summary>Starts a new incarnation of <paramref name="node"/> (same name, port and settings), not joined.</summary>
    internal async Task<ClusterSystem> StartReplacementAsync(ClusterSystem node, Action<ClusterSystemSettings>? configure = null)
    {
        NodeInfo info;
        lock (_nodes) info = _info[node];
        var port = node.Cluster.Node.Port;
        return await StartNodeAsync(info.Name, info.Incarnation + 1, info.Configure + configure + (s => s.Node.Port = port)).ConfigureAwait(false);
    }

    /// <summary>The latest incarnation of the node named <paramref name="name"/> (a string, or a member of the spec's enum of nodes).</summary>
    protected ClusterSystem Node(RoleName name)
    {
        lock (_nodes)
        {
            return _nodes.LastOrDefault(n => _info[n].Name == name.Name)
                ?? throw new ArgumentException($"No node named '{name}' was started; the nodes are {string.Join(", ", _nodes.Select(n => _info[n].Name).Distinct())}.", nameof(name));
        }
    }

    /// <summary>
    /// The merged, time-ordered record of this test so far: every node's cluster events, the kit's actions and every node's
    /// log lines (see <see cref="TestKit.Timeline"/>); written to the test output at the end of the test.
    /// </summary>
    protected Timeline TimelineSoFar => Recorder.Snapshot();

    /// <summary>Adds <paramref name="text"/> to the timeline as an action of the test (for its own steps: "load started").</summary>
    protected void Mark(string text) => Recorder.Action(text, "test");

    internal TimelineRecorder Recorder { get; } = new();

    internal string NameOf(ClusterSystem node)
    {
        lock (_nodes) return _info.TryGetValue(node, out var info) ? info.Label : node.ToString();
    }

    private IEnumerable<ClusterSystem> Running()
    {
        lock (_nodes) return _nodes.Where(n => !n.IsTerminated).ToList();
    }

    private async Task FaultAsync(ClusterSystem a, ClusterSystem b, LinkFault fault, LinkDirection direction)
    {
        Recorder.Action(fault.Describe(NameOf(a), NameOf(b), direction));
        await FaultInjection.ApplyAsync(a, b, fault, direction).ConfigureAwait(false);
        lock (_faultedLinks) _faultedLinks.Add((a, b));
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
        await Recorder.DisposeAsync().ConfigureAwait(false);
        WriteTimeline();
        foreach (var node in nodes) CapturingLogger.Forget(node.ActorSystem);
    }

    // The whole timeline (every node's log lines among the events and actions); dotnet test prints it for a failing test.
    private void WriteTimeline()
    {
        if (Output is null) return;
        try
        {
            foreach (var line in Recorder.Snapshot().ToString().Split(Environment.NewLine)) Output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has already completed its output; nothing more can be written.
        }
    }

    private sealed record NodeInfo(string Name, int Incarnation, Action<ClusterSystemSettings>? Configure)
    {
        public string Label => Incarnation == 1 ? Name : $"{Name}#{Incarnation}";
    }
}
