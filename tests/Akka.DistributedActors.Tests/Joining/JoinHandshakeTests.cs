using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Joining;

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
        var nodes = await SetUpNodesAsync(Names("node", 4));
        // The target has the highest address; it founds the cluster because it is asked while not asking anyone itself.
        var target = nodes.MaxBy(n => n.Cluster.Node)!;

        foreach (var node in nodes.Where(n => n != target)) node.Cluster.Join(target.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Nodes_joining_the_lowest_addressed_node_form_without_waiting_for_akka_retries()
    {
        var nodes = await SetUpNodesAsync(Names("node", 4));
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
        var nodes = await SetUpNodesAsync(Names("node", 5));
        // Highest address first, so that every node is asked to found by a higher one while it is itself joining a lower one.
        var chain = nodes.OrderByDescending(n => n.Cluster.Node).ToList();

        for (var i = 0; i < chain.Count - 1; i++) chain[i].Cluster.Join(chain[i + 1].Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Chain_of_joins_ending_at_the_lowest_node_forms_one_cluster()
    {
        var nodes = await SetUpNodesAsync(Names("node", 3));
        var sorted = nodes.OrderBy(n => n.Cluster.Node).ToList();
        var (lowest, middle, highest) = (sorted[0], sorted[1], sorted[2]);

        // The highest node is asked by the lowest one while it is itself asking the middle one, which founds.
        highest.Cluster.Join(middle.Cluster.Node);
        lowest.Cluster.Join(highest.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    [Fact]
    public async Task Nodes_joining_members_of_a_formed_cluster_join_without_waiting_for_akka_retries()
    {
        var members = await SetUpNodesAsync(Names("member", 3));
        foreach (var m in members.Skip(1)) m.Cluster.Join(members[0].Cluster.Node);
        await EnsureAllUpAsync(members, AkkaRetry / 3);
        var newcomers = await SetUpNodesAsync(Names("newcomer", 3));

        // Each newcomer asks a different member that is Up (not the leader only), which answers that it accepts Akka's Join.
        for (var i = 0; i < newcomers.Length; i++) newcomers[i].Cluster.Join(members[i].Cluster.Node);

        await EnsureAllUpAsync([.. members, .. newcomers], AkkaRetry / 3);
    }

    [Fact]
    public async Task Node_joining_a_node_that_promised_to_join_another_joins_the_founder_without_waiting_for_akka_retries()
    {
        var nodes = await SetUpNodesAsync(Names("node", 3));
        var sorted = nodes.OrderBy(n => n.Cluster.Node).ToList();
        var (lowest, middle, highest) = (sorted[0], sorted[1], sorted[2]);

        // The lowest and the middle node ask each other, so the middle one promises to join the lowest (the lower address
        // founds). The highest node asks the middle one too; it is answered once the middle node joins, with the founder as
        // the member to join.
        lowest.Cluster.Join(middle.Cluster.Node);
        middle.Cluster.Join(lowest.Cluster.Node);
        highest.Cluster.Join(middle.Cluster.Node);

        await EnsureAllUpAsync(nodes, AkkaRetry / 3);
    }

    private static string[] Names(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}{i}")];
}
