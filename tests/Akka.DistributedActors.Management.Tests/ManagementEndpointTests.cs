using System.Net;
using System.Text.Json;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Management.Tests;

public sealed class ManagementEndpointTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Members_readiness_and_seed_nodes_answer_before_and_after_the_node_is_up()
    {
        var node = await SetUpNodeAsync("solo");
        await using var management = await ClusterManagement.StartAsync(node, new ManagementSettings { Port = 0 });
        Assert.NotEqual(0, management.Port);

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(management.Uri, "health/alive"))).StatusCode);
        var notReady = await Http.GetAsync(new Uri(management.Uri, "health/ready"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Equal("Joining", await notReady.Content.ReadAsStringAsync());
        var before = await GetJsonAsync(management, "cluster/members");
        Assert.Equal(node.Cluster.UniqueNode.ToString(), before.GetProperty("selfNode").GetString());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("leader").ValueKind);
        var self = Assert.Single(before.GetProperty("members").EnumerateArray());
        Assert.Equal("Joining", self.GetProperty("status").GetString());
        var seedsBefore = await GetJsonAsync(management, "bootstrap/seed-nodes");
        Assert.Equal(node.Cluster.Node.Port, seedsBefore.GetProperty("SelfNode").GetProperty("Port").GetInt32());
        Assert.Empty(seedsBefore.GetProperty("Nodes").EnumerateArray());

        node.Cluster.Join(node.Cluster.Node);
        await node.Cluster.JoinedAsync(DefaultWithin);
        // Akka publishes the leader after the member's Up; the endpoint reports what the facade has seen.
        await AssertLeaderNodeAsync(node, node.Cluster.UniqueNode);

        var ready = await Http.GetAsync(new Uri(management.Uri, "health/ready"));
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Up", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(management.Uri, "health/alive"))).StatusCode);
        var after = await GetJsonAsync(management, "cluster/members");
        Assert.Equal(node.Cluster.UniqueNode.ToString(), after.GetProperty("leader").GetString());
        var up = Assert.Single(after.GetProperty("members").EnumerateArray());
        Assert.Equal("Up", up.GetProperty("status").GetString());
        Assert.Equal("Reachable", up.GetProperty("reachability").GetString());
        Assert.Equal(node.Cluster.Node.Port, up.GetProperty("port").GetInt32());
        var seedsAfter = await GetJsonAsync(management, "bootstrap/seed-nodes");
        Assert.Equal(node.Cluster.Node.Port, Assert.Single(seedsAfter.GetProperty("Nodes").EnumerateArray()).GetProperty("Node").GetProperty("Port").GetInt32());
    }

    [Fact]
    public async Task Members_show_roles_and_every_node_of_a_joined_cluster()
    {
        var first = await SetUpNodeAsync("first", s => s.Roles.Add("frontend"));
        var second = await SetUpNodeAsync("second");
        await JoinNodesAsync(second, first);
        await using var management = await ClusterManagement.StartAsync(second, new ManagementSettings { Port = 0 });

        var members = (await GetJsonAsync(management, "cluster/members")).GetProperty("members").EnumerateArray().ToList();

        Assert.Equal(2, members.Count);
        var frontend = Assert.Single(members, m => m.GetProperty("systemName").GetString() == "first");
        Assert.Equal(["frontend"], frontend.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_second_endpoint_for_one_system_or_a_port_in_use_is_rejected()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        await using var management = await ClusterManagement.StartAsync(a, new ManagementSettings { Port = 0 });

        await Assert.ThrowsAsync<InvalidOperationException>(() => ClusterManagement.StartAsync(a, new ManagementSettings { Port = 0 }));
        var e = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() => ClusterManagement.StartAsync(b, new ManagementSettings { Port = management.Port }));
        Assert.Equal("Management.Port", e.SettingName);
    }

    [Fact]
    public async Task The_endpoint_stops_when_its_system_shuts_down()
    {
        var node = await SetUpNodeAsync("short-lived");
        var management = await ClusterManagement.StartAsync(node, new ManagementSettings { Port = 0 });

        await node.ShutdownAsync();

        await EventuallyAsync(async () => await Assert.ThrowsAsync<HttpRequestException>(() => Http.GetAsync(new Uri(management.Uri, "health/alive"))),
            DefaultWithin);
    }

    private static async Task<JsonElement> GetJsonAsync(ManagementEndpoint management, string path)
    {
        var response = await Http.GetAsync(new Uri(management.Uri, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }
}
