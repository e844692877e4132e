using System.Net;
using System.Text.Json;
using Akka.DistributedActors.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Management.Tests;

public sealed class MapClusterManagementTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Routes_mapped_into_an_app_answer_for_the_ClusterSystem_of_its_services()
    {
        var node = await SetUpNodeAsync("mapped");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(node);
        await using var app = builder.Build();
        app.MapClusterManagement();
        await app.StartAsync();
        var baseUri = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(baseUri, "health/alive"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await Http.GetAsync(new Uri(baseUri, "health/ready"))).StatusCode);
        node.Cluster.Join(node.Cluster.Node);
        await node.Cluster.JoinedAsync(DefaultWithin);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(baseUri, "health/ready"))).StatusCode);
        using var members = JsonDocument.Parse(await Http.GetStringAsync(new Uri(baseUri, "cluster/members")));
        Assert.Equal(node.Cluster.UniqueNode.ToString(), members.RootElement.GetProperty("selfNode").GetString());
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(baseUri, "bootstrap/seed-nodes"))).StatusCode);

        await app.StopAsync();
    }
}
