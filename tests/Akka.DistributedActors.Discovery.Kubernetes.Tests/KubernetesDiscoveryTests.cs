using System.Diagnostics;
using Akka.DistributedActors.Management;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>
/// <see cref="KubernetesServiceDiscovery"/> against <see cref="FakeKubernetesApi"/>: nodes whose pods the API lists form one cluster
/// by themselves, the watch sees changes at once, survives broken watches and compaction, and API failures are logged clearly
/// and retried while the node keeps running.
/// </summary>
public sealed class KubernetesDiscoveryTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan WatchLatency = TimeSpan.FromSeconds(1);

    private FakeKubernetesApi _api = null!;

    public override async Task InitializeAsync() => _api = await FakeKubernetesApi.StartAsync();

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _api.DisposeAsync();
        }
    }

    private Action<ClusterSystemSettings> PodDiscovery(int requiredContactPoints, bool requireReady = false) => s =>
    {
        s.Discovery = ServiceDiscoverySettings.Kubernetes(FakeKubernetesApi.Namespace, FakeKubernetesApi.Labels,
            options: _api.Options(requireReady));
        s.Discovery.RequiredContactPoints = requiredContactPoints;
        s.Discovery.StableMargin = TimeSpan.FromMilliseconds(300);
        s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(100);
        s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(500);
    };

    private Task<ClusterSystem[]> StartNodesAsync(int count, Action<ClusterSystemSettings> configure) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => SetUpNodeAsync($"pod{i}", configure)));

    private static bool Logged(ClusterSystem node, params string[] parts) =>
        CapturingLogger.LinesOf(node.ActorSystem).Any(l => parts.All(p => l.Contains(p, StringComparison.Ordinal)));

    [Fact]
    public async Task Three_nodes_whose_pods_the_api_lists_form_exactly_one_cluster_without_join_and_a_pod_without_the_port_is_logged()
    {
        var nodes = await StartNodesAsync(3, PodDiscovery(requiredContactPoints: 3));
        for (var i = 0; i < nodes.Length; i++) _api.SetPod($"orders-{i}", nodes[i].Cluster.Node.Port);
        _api.SetPod("orders-sidecar-only", 8080, portName: "http");

        await EnsureAllUpAsync(nodes);
        Assert.All(nodes, n => Assert.Equal(3, n.Cluster.MembershipSnapshot.Count));
        Assert.All(nodes, n => Assert.True(Logged(n, "unusable entry [pod orders-sidecar-only (127.0.0.1)]",
            "has no container port named \"remoting\" (its named ports: http)")));
    }

    [Fact]
    public async Task A_pod_that_is_not_ready_is_ignored_until_it_is_and_a_pod_added_later_joins()
    {
        var nodes = await StartNodesAsync(3, PodDiscovery(requiredContactPoints: 3, requireReady: true));
        _api.SetPod("orders-0", nodes[0].Cluster.Node.Port);
        _api.SetPod("orders-1", nodes[1].Cluster.Node.Port);
        _api.SetPod("orders-2", nodes[2].Cluster.Node.Port, ready: false);

        // Two listed of three required: nobody may found the cluster while the third pod is not ready.
        await AssertHoldsAsync(() => Assert.All(nodes, n => Assert.Equal(Cluster.MemberStatus.Joining, n.Cluster.Member.Status)),
            TimeSpan.FromSeconds(1.5), TimeSpan.FromMilliseconds(100));
        _api.SetPod("orders-2", nodes[2].Cluster.Node.Port, ready: true);
        await EnsureAllUpAsync(nodes);

        var late = await SetUpNodeAsync("pod3", PodDiscovery(requiredContactPoints: 3, requireReady: true));
        _api.SetPod("orders-3", late.Cluster.Node.Port);
        await EnsureAllUpAsync([.. nodes, late]);
        Assert.Equal(4, nodes[0].Cluster.MembershipSnapshot.Count);
    }

    [Fact]
    public async Task Cluster_bootstrap_with_the_pods_management_ports_as_contact_points_forms_one_cluster()
    {
        var managementPorts = FreePorts.Take(3);
        var nodes = await StartNodesAsync(3, s =>
        {
            s.Discovery = ServiceDiscoverySettings.KubernetesBootstrap(FakeKubernetesApi.Namespace, FakeKubernetesApi.Labels,
                options: _api.Options(), configure: b =>
                {
                    // All pods share 127.0.0.1 here, so contact points must not be reduced to one per host.
                    b.FilterOnFallbackPort = false;
                    b.ProbeInterval = TimeSpan.FromMilliseconds(300);
                });
            s.Discovery.RequiredContactPoints = 3;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(500);
            s.Discovery.Interval = TimeSpan.FromMilliseconds(300);
        });
        for (var i = 0; i < nodes.Length; i++) _api.SetPod($"orders-{i}", managementPorts[i], portName: KubernetesDiscovery.DefaultManagementPortName);
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

    [Fact]
    public async Task A_subscription_sees_a_new_pod_within_a_second_through_the_watch_without_listing_again()
    {
        var discovery = new KubernetesServiceDiscovery(_api.Options());
        await using var listings = new ListingRecorder(discovery);
        await listings.WaitForAsync(l => l.Count == 0, WatchLatency * 3);
        await EventuallyAsync(() => Assert.Contains(_api.Requests, r => r.StartsWith("watch", StringComparison.Ordinal)), WatchLatency * 3);

        var added = Stopwatch.StartNew();
        _api.SetPod("orders-0", 4053);
        await listings.WaitForAsync(l => l.Any(p => p.Name == "orders-0"), WatchLatency);
        Output!.WriteLine($"New pod listed after {added.ElapsedMilliseconds} ms.");
        Assert.Equal(["list"], _api.Requests.Where(r => r == "list"));
    }

    [Fact]
    public async Task A_broken_watch_resumes_from_the_last_resource_version()
    {
        _api.SetPod("orders-0", 4053);
        var discovery = new KubernetesServiceDiscovery(_api.Options());
        await using var listings = new ListingRecorder(discovery);
        await listings.WaitForAsync(l => l.Count == 1, WatchLatency * 3);
        _api.SetPod("orders-1", 4054);
        await listings.WaitForAsync(l => l.Count == 2, WatchLatency);
        var watches = _api.Requests.Count(r => r.StartsWith("watch", StringComparison.Ordinal));

        _api.BreakWatches();
        _api.SetPod("orders-2", 4055);

        // The event made while no watch was open arrives through the resumed watch, from where the last one left off.
        await listings.WaitForAsync(l => l.Count == 3, WatchLatency * 2);
        var resumed = _api.Requests.Where(r => r.StartsWith("watch", StringComparison.Ordinal)).Skip(watches).First();
        Assert.Equal("watch from 102", resumed);
        Assert.Equal(["list"], _api.Requests.Where(r => r == "list"));
    }

    [Fact]
    public async Task A_watch_answered_410_gone_lists_again()
    {
        _api.SetPod("orders-0", 4053);
        var discovery = new KubernetesServiceDiscovery(_api.Options());
        await using var listings = new ListingRecorder(discovery);
        await listings.WaitForAsync(l => l.Count == 1, WatchLatency * 3);

        _api.Compact();
        _api.SetPod("orders-1", 4054);

        await listings.WaitForAsync(l => l.Count == 2, WatchLatency * 2);
        Assert.Equal(2, _api.Requests.Count(r => r == "list"));
    }

    [Fact]
    public async Task Forbidden_403_is_logged_naming_list_pods_and_the_namespace_and_retried_until_granted()
    {
        _api.Forbidden = true;
        var node = await SetUpNodeAsync("pod0", PodDiscovery(requiredContactPoints: 1));
        _api.SetPod("orders-0", node.Cluster.Node.Port);

        await EventuallyAsync(() => Assert.True(Logged(node, "failed (attempt 3)", "forbids \"list pods\" in namespace \"shop\" (403 Forbidden)",
            "needs a Role granting get, list and watch on pods")), DefaultWithin);
        Assert.False(node.IsTerminated);
        Assert.Equal(Cluster.MemberStatus.Joining, node.Cluster.Member.Status);

        _api.Forbidden = false;
        await node.Cluster.JoinedAsync(DefaultWithin);
    }

    [Fact]
    public async Task Api_server_gone_for_5_s_then_back_the_nodes_still_form()
    {
        await _api.StopAsync();
        var gone = Stopwatch.StartNew();
        var nodes = await StartNodesAsync(3, PodDiscovery(requiredContactPoints: 3));
        for (var i = 0; i < nodes.Length; i++) _api.SetPod($"orders-{i}", nodes[i].Cluster.Node.Port);

        await EventuallyAsync(() => Assert.All(nodes, n => Assert.True(Logged(n, "Cannot reach the Kubernetes API at " + _api.Host,
            "for \"list pods\" in namespace \"shop\""))), DefaultWithin);
        await Task.Delay(TimeSpan.FromSeconds(5) - gone.Elapsed);
        Assert.All(nodes, n => Assert.False(n.IsTerminated));
        await _api.RestartAsync();

        await EnsureAllUpAsync(nodes);
        Assert.All(nodes, n => Assert.Equal(3, n.Cluster.MembershipSnapshot.Count));
    }
}
