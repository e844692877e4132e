using System.Net;
using Akka.Discovery.KubernetesApi;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using AkkaDiscovery = Akka.Discovery.Discovery;

namespace Akka.DistributedActors.Management.Tests;

/// <summary>
/// The Kubernetes configuration of docs/discovery-and-bootstrap.md, run where there is no Kubernetes API: the plugin must load by
/// name from that configuration and be asked, and its failing lookups must leave the node alive and not ready. (Lookups fail for
/// two reasons here: no API server, and Akka.Discovery.KubernetesApi 1.5.73 calling a KubernetesClient constructor that the
/// KubernetesClient versions on the registry lack; either is a failing discovery to the node.)
/// </summary>
public sealed class KubernetesConfigurationTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    // As in the docs, less the pod IP, which a test does not have.
    private const string KubernetesHocon = """
        akka.discovery.kubernetes-api {
          class = "Akka.Discovery.KubernetesApi.KubernetesApiServiceDiscovery, Akka.Discovery.KubernetesApi"
          api-ca-path = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"
          api-token-path = "/var/run/secrets/kubernetes.io/serviceaccount/token"
          api-service-host-env-name = "KUBERNETES_SERVICE_HOST"
          api-service-port-env-name = "KUBERNETES_SERVICE_PORT"
          pod-namespace-path = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"
          pod-domain = "cluster.local"
          pod-label-selector = "app={0}"
          use-raw-ip = true
        }
        """;

    private const string PluginStarted = "Starting Discovery service using [kubernetes-api] method, class: [Akka.Discovery.KubernetesApi.KubernetesApiServiceDiscovery";

    [Fact]
    public async Task Docs_cluster_bootstrap_configuration_loads_the_plugin_and_a_failing_lookup_leaves_the_node_alive_but_not_ready()
    {
        var node = await SetUpNodeAsync("orders", s =>
        {
            s.Discovery = ServiceDiscoverySettings.ClusterBootstrap("kubernetes-api", "orders", portName: "management");
            s.Discovery.RequiredContactPoints = 3;
            s.AdditionalHocon = KubernetesHocon;
        });
        await using var management = await ClusterManagement.StartAsync(node, new ManagementSettings { Port = 0 });

        await EventuallyAsync(() =>
        {
            var log = CapturingLogger.LinesOf(node.ActorSystem);
            Assert.Contains(log, l => l.Contains(PluginStarted, StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("Looking up [Lookup(orders, management", StringComparison.Ordinal));
        }, DefaultWithin);
        await AssertHoldsAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(management.Uri, "health/alive"))).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Http.GetAsync(new Uri(management.Uri, "health/ready"))).StatusCode);
        }, TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500));
        Assert.False(node.IsTerminated);
        AssertPluginConstructs(node);
    }

    // The plugin reads its settings in its constructor and throws when one is missing (its defaults are loaded only later).
    private static void AssertPluginConstructs(ClusterSystem node) =>
        Assert.IsType<KubernetesApiServiceDiscovery>(AkkaDiscovery.Get(node.ActorSystem).LoadServiceDiscovery("kubernetes-api"));

    [Fact]
    public async Task Docs_akka_discovery_configuration_loads_the_plugin_and_a_failing_lookup_is_logged_and_retried()
    {
        var node = await SetUpNodeAsync("orders", s =>
        {
            s.Discovery = ServiceDiscoverySettings.Akka("kubernetes-api", "orders", "remoting");
            s.Discovery.RequiredContactPoints = 3;
            s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(50);
            s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(100);
            s.AdditionalHocon = KubernetesHocon;
        });

        await EventuallyAsync(() =>
        {
            var log = CapturingLogger.LinesOf(node.ActorSystem);
            Assert.Contains(log, l => l.Contains(PluginStarted, StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("Akka(kubernetes-api, orders, remoting) failed (attempt 3)", StringComparison.Ordinal));
        }, DefaultWithin);
        Assert.False(node.IsTerminated);
        Assert.Equal(Cluster.MemberStatus.Joining, node.Cluster.Member.Status);
        AssertPluginConstructs(node);
    }
}
