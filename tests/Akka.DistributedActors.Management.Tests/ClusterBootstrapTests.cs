using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Management.Tests;

public sealed class ClusterBootstrapTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Three_nodes_bootstrap_one_cluster_through_their_management_endpoints_without_join()
    {
        var managementPorts = FreePorts.Take(3);
        var contactPoints = string.Join(", ", managementPorts.Select(p => $"\"127.0.0.1:{p}\""));

        var nodes = await Task.WhenAll(managementPorts.Select((_, i) => SetUpNodeAsync($"boot{i}", s =>
        {
            s.Discovery = ServiceDiscoverySettings.ClusterBootstrap("config", "dda-bootstrap", configure: b =>
            {
                // All contact points share 127.0.0.1, so they must not be reduced to the one on the fallback port.
                b.FilterOnFallbackPort = false;
                b.ProbeInterval = TimeSpan.FromMilliseconds(300);
            });
            s.Discovery.RequiredContactPoints = 3;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(500);
            s.Discovery.Interval = TimeSpan.FromMilliseconds(300);
            s.AdditionalHocon = $"akka.discovery.config.services.dda-bootstrap.endpoints = [{contactPoints}]";
        })));
        var endpoints = await Task.WhenAll(nodes.Select((n, i) => ClusterManagement.StartAsync(n, new ManagementSettings { Port = managementPorts[i] })));
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
}
