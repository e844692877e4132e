using System.Net;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Management.Tests;

public sealed class ClusterBootstrapTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // Long enough for nodes that may found to have done so several times over: with these timings three nodes bootstrap in
    // about 2 s after their endpoints start.
    private static readonly TimeSpan NoClusterFor = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Three_nodes_bootstrap_one_cluster_through_their_management_endpoints_without_join()
    {
        var (nodes, endpoints) = await StartBootstrappingAsync("dda-bootstrap", count: 3, listed: 3, requiredContactPoints: 3);
        try
        {
            await EnsureAllUpAsync(nodes);
            Assert.All(nodes, n => Assert.Equal(3, n.Cluster.MembershipSnapshot.Count));
        }
        finally
        {
            foreach (var e in endpoints) await e.DisposeAsync();
        }
    }

    [Fact]
    public async Task Fewer_contact_points_than_required_never_found_a_cluster()
    {
        // Both listed contact points answer their probes, but three are required.
        var (nodes, endpoints) = await StartBootstrappingAsync("dda-bootstrap-required", count: 2, listed: 2, requiredContactPoints: 3);
        try
        {
            await AssertNoClusterAsync(nodes, endpoints);
        }
        finally
        {
            foreach (var e in endpoints) await e.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_new_cluster_disabled_nodes_never_found_a_cluster_but_join_one_that_exists()
    {
        var (nodes, endpoints) = await StartBootstrappingAsync("dda-bootstrap-no-new", count: 2, listed: 2, requiredContactPoints: 2,
            b => b.NewClusterEnabled = false);
        try
        {
            await AssertNoClusterAsync(nodes, endpoints);

            // Once one contact point reports a cluster, the other joins it through probing, as a redeployed pod would.
            nodes[1].Cluster.Join(nodes[1].Cluster.Node);
            await EnsureAllUpAsync(nodes);
            foreach (var e in endpoints)
                Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(e.Uri, "health/ready"))).StatusCode);
        }
        finally
        {
            foreach (var e in endpoints) await e.DisposeAsync();
        }
    }

    [Fact]
    public async Task Node_that_joined_outside_the_bootstrap_keeps_running_while_its_bootstrap_probes_its_own_contact_point()
    {
        // Its own contact point reports it as a seed node once it is a member; joining that set must not reach Akka's cluster
        // daemon as an empty JoinSeedNodes, which crashes it and shuts the node down.
        var (nodes, endpoints) = await StartBootstrappingAsync("dda-bootstrap-self", count: 1, listed: 1, requiredContactPoints: 1,
            b => b.NewClusterEnabled = false);
        try
        {
            var node = nodes[0];
            node.Cluster.Join(node.Cluster.Node);
            await EnsureAllUpAsync(nodes);
            // Several probe intervals (300 ms) and decisions after the contact point began to list this node.
            await AssertHoldsAsync(() =>
            {
                Assert.False(node.IsTerminated, "the node shut down");
                Assert.Equal(ClusterSpec.MemberStatus.Up, node.Cluster.Member.Status);
            }, TimeSpan.FromSeconds(2));
            Assert.DoesNotContain(CapturingLogger.LinesOf(node.ActorSystem), l => l.Contains("crashed", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var e in endpoints) await e.DisposeAsync();
        }
    }

    /// <summary>
    /// Starts <paramref name="count"/> nodes in ClusterBootstrap mode and their management endpoints; config discovery lists the
    /// management endpoints of the first <paramref name="listed"/> of them.
    /// </summary>
    private async Task<(ClusterSystem[] Nodes, ManagementEndpoint[] Endpoints)> StartBootstrappingAsync(string service, int count, int listed,
        int requiredContactPoints, Action<ClusterBootstrapSettings>? configure = null)
    {
        var managementPorts = FreePorts.Take(count);
        var contactPoints = string.Join(", ", managementPorts.Take(listed).Select(p => $"\"127.0.0.1:{p}\""));
        var nodes = await Task.WhenAll(managementPorts.Select((_, i) => SetUpNodeAsync($"boot{i}", s =>
        {
            s.Discovery = ServiceDiscoverySettings.ClusterBootstrap("config", service, configure: b =>
            {
                // All contact points share 127.0.0.1, so they must not be reduced to the one on the fallback port.
                b.FilterOnFallbackPort = false;
                b.ProbeInterval = TimeSpan.FromMilliseconds(300);
                configure?.Invoke(b);
            });
            s.Discovery.RequiredContactPoints = requiredContactPoints;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(500);
            s.Discovery.Interval = TimeSpan.FromMilliseconds(300);
            s.AdditionalHocon = $"akka.discovery.config.services.{service}.endpoints = [{contactPoints}]";
        })));
        var endpoints = await Task.WhenAll(nodes.Select((n, i) => ClusterManagement.StartAsync(n, new ManagementSettings { Port = managementPorts[i] })));
        return (nodes, endpoints);
    }

    private static async Task AssertNoClusterAsync(ClusterSystem[] nodes, ManagementEndpoint[] endpoints)
    {
        await AssertHoldsAsync(() => Assert.All(nodes, n =>
        {
            Assert.Equal(ClusterSpec.MemberStatus.Joining, n.Cluster.Member.Status);
            Assert.Single(n.Cluster.MembershipSnapshot);
        }), NoClusterFor);
        foreach (var e in endpoints)
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Http.GetAsync(new Uri(e.Uri, "health/ready"))).StatusCode);
    }
}
