using Akka.DistributedActors;
using Greeter;

// The seed's first program (docs: Clustering), in C#: two systems, a join, a distributed actor and a remote call.
var first = await StartFirstSystemAsync();
var second = await ClusterSystem.StartAsync("SecondSystem", settings =>
{
    settings.Node.Host = "127.0.0.1";
    settings.Node.Port = 0;
    settings.Logging.UseBuiltInFormatter = true;
});
try
{
    first.Cluster.Join(second.Cluster.UniqueNode);
    UniqueNode[] both = [first.Cluster.UniqueNode, second.Cluster.UniqueNode];
    await first.Cluster.WaitForAsync(both, Cluster.MemberStatus.Up, TimeSpan.FromSeconds(30));
    Console.WriteLine($"Cluster formed: {first.Cluster.UniqueNode} and {second.Cluster.UniqueNode} are Up.");

    IGreeter greeter = first.Spawn<IGreeter>(() => new Greeter.Greeter());
    Console.WriteLine($"Spawned {greeter.Id} ({(DistributedInterfaceRegistry.IsGenerated(typeof(IGreeter)) ? "generated proxy" : "reflection-fallback proxy")}).");

    // The other node knows the actor only by its ID; Resolve gives it a proxy that calls across the network.
    var remoteGreeter = second.Resolve<IGreeter>(greeter.Id);
    string reply = await remoteGreeter.Hi("Caplin");
    Console.WriteLine(reply);
}
finally
{
    await second.ShutdownAsync();
    await first.ShutdownAsync();
}
Console.WriteLine("Both systems shut down.");

static async Task<ClusterSystem> StartFirstSystemAsync()
{
    void Configure(ClusterSystemSettings settings, int port)
    {
        settings.Node.Host = "127.0.0.1";
        settings.Node.Port = port;
        settings.Logging.UseBuiltInFormatter = true;
    }

    try
    {
        return await ClusterSystem.StartAsync("FirstSystem", settings => Configure(settings, 7337));
    }
    catch (ClusterSystemSettingsException e) when (e.SettingName == "Node.Port")
    {
        Console.WriteLine("Port 7337 is taken on 127.0.0.1; FirstSystem binds a free port instead.");
        return await ClusterSystem.StartAsync("FirstSystem", settings => Configure(settings, 0));
    }
}
