using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class JoinHandshakeTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    // Akka only re-sends a refused InitJoin after seed-node-timeout (and a join after retry-unsuccessful-join-after). Both are
    // set far beyond the wait below, so the cluster can only form in time if no node is told to join a node that Akka would
    // still refuse.
    private static readonly TimeSpan AkkaRetry = TimeSpan.FromSeconds(30);

    protected override void ConfigureSettings(ClusterSystemSettings settings)
    {
        settings.Join.SeedNodeTimeout = AkkaRetry;
        settings.Join.RetryUnsuccessfulJoinAfter = AkkaRetry;
    }

    [Fact]
    public async Task Nodes_joining_the_highest_addressed_node_form_without_waiting_for_akka_retries()
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < 4; i++) nodes.Add(await SetUpNodeAsync($"node{i}"));
        // The target has the highest address, so the handshake makes a node that joins it found the cluster instead.
        var target = nodes.MaxBy(n => n.Cluster.Node)!;

        foreach (var node in nodes.Where(n => n != target)) node.Cluster.Join(target.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Nodes_joining_the_lowest_addressed_node_form_without_waiting_for_akka_retries()
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < 4; i++) nodes.Add(await SetUpNodeAsync($"node{i}"));
        var target = nodes.MinBy(n => n.Cluster.Node)!;

        foreach (var node in nodes.Where(n => n != target)) node.Cluster.Join(target.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Two_nodes_joining_each_other_at_once_form_one_cluster()
    {
        var (first, second) = await SetUpPairAsync();

        first.Cluster.Join(second.Cluster.Node);
        second.Cluster.Join(first.Cluster.Node);

        await EnsureAllUpAsync([first, second], AkkaRetry / 3);
    }

    [Fact]
    public async Task Nodes_each_joining_the_next_one_at_once_form_one_cluster()
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < 5; i++) nodes.Add(await SetUpNodeAsync($"node{i}"));
        // Highest address first, so that every node is asked to found by a higher one while it is itself joining a lower one.
        var chain = nodes.OrderByDescending(n => n.Cluster.Node).ToList();

        for (var i = 0; i < chain.Count - 1; i++) chain[i].Cluster.Join(chain[i + 1].Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Chain_of_joins_ending_at_the_lowest_node_forms_one_cluster()
    {
        var nodes = new List<ClusterSystem>();
        for (var i = 0; i < 3; i++) nodes.Add(await SetUpNodeAsync($"node{i}"));
        var sorted = nodes.OrderBy(n => n.Cluster.Node).ToList();
        var (lowest, middle, highest) = (sorted[0], sorted[1], sorted[2]);

        // The highest node is asked by the lowest one while it is itself asking the middle one, which founds.
        highest.Cluster.Join(middle.Cluster.Node);
        lowest.Cluster.Join(highest.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }
}
