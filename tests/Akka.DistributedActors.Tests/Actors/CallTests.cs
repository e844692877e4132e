using Akka.DistributedActors.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Actors;

/// <summary>Every supported signature shape round-trips, locally and across two systems.</summary>
public sealed class CallTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly Person Ada = new("Ada", 36, Mood.Calm, null, ["math", "engines"]);
    private static readonly Person Bob = new("Bob", 20, Mood.Cheerful, "Bobby", []);

    [Fact]
    public async Task Interface_uses_the_generated_proxy_in_this_project()
    {
        Assert.True(DistributedInterfaceRegistry.IsGenerated(typeof(IKitchenSink)));
        var system = await SetUpNodeAsync("first");
        var sink = system.Spawn<IKitchenSink>(() => new KitchenSink());
        Assert.IsAssignableFrom<DistributedActorProxy>(sink);
    }

    [Fact]
    public async Task Every_signature_round_trips_locally()
    {
        var system = await SetUpNodeAsync("first");
        var sink = system.Spawn<IKitchenSink>(() => new KitchenSink());
        await AssertRoundTripsAsync(system, sink);
    }

    [Fact]
    public async Task Every_signature_round_trips_across_two_systems()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var hosted = first.Spawn<IKitchenSink>(() => new KitchenSink());
        var remote = second.Resolve<IKitchenSink>(hosted.Id);
        await AssertRoundTripsAsync(second, remote);
    }

    [Fact]
    public async Task ActorID_of_a_spawned_actor_names_its_node_path_and_incarnation_and_round_trips_as_string()
    {
        var system = await SetUpNodeAsync("first");
        var sink = system.Spawn<IKitchenSink>(() => new KitchenSink(), "sink");
        Assert.Equal(system.Cluster.UniqueNode, sink.Id.Node);
        Assert.Equal("/user/sink", sink.Id.Path);
        Assert.Equal("sink", sink.Id.Name);
        Assert.Equal(sink.Id, await sink.WhoAmI());
        Assert.Equal(sink.Id, ActorID.Parse(sink.Id.ToString()));
        Assert.Throws<FormatException>(() => ActorID.Parse("akka.tcp://x@host:1/user/a"));
    }

    [Fact]
    public async Task Spawn_rejects_instances_not_built_inside_the_factory_and_actors_built_outside_spawn()
    {
        var system = await SetUpNodeAsync("first");
        var error = Assert.Throws<InvalidOperationException>(() => new Greeter());
        Assert.Contains("ClusterSystem.Spawn", error.Message);
        var existing = system.Spawn<IGreeter>(() => new Greeter());
        Assert.Throws<InvalidOperationException>(() => system.Spawn<IGreeter>(() => existing));
    }

    [Fact]
    public async Task Spawn_with_dependency_injection_builds_the_actor_from_settings_services()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new GreetingWords("Ahoy"));
        var system = await SetUpNodeAsync("first", s => s.Services = services.BuildServiceProvider());
        var greeter = system.Spawn<IGreeter, InjectedGreeter>();
        Assert.Equal("Ahoy, Caplin!", await greeter.Hi("Caplin"));
        Assert.StartsWith("InjectedGreeter-", greeter.Id.Name);
    }

    [Fact]
    public async Task Spawn_with_dependency_injection_without_services_names_the_missing_setting()
    {
        var system = await SetUpNodeAsync("first");
        var error = Assert.Throws<InvalidOperationException>(() => system.Spawn<IGreeter, InjectedGreeter>());
        Assert.Contains("settings.Services", error.Message);
    }

    private static async Task AssertRoundTripsAsync(ClusterSystem caller, IKitchenSink sink)
    {
        await sink.Touch();
        await sink.Touch();
        Assert.Equal(2, await sink.TouchCount());
        Assert.Equal(6, await sink.Add(1, 2, 3.4));
        Assert.Equal("echo", await sink.Echo("echo"));
        Assert.Null(await sink.Echo(null));
        await sink.Nothing();
        Assert.Equal(Ada with { Age = 38 }, Normalize(await sink.Older(Ada, 2)));
        var sorted = await sink.SortByAge([Ada, Bob]);
        Assert.Equal(["Bob", "Ada"], sorted.Select(p => p.Name));
        Assert.Equal(["math", "engines"], sorted[1].Tags);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, await sink.CountWords(["a", "b", "a"]));
        Assert.Equal(8, await sink.Double(4));
        Assert.Null(await sink.Double(null));
        Assert.Equal(Mood.Cheerful, await sink.Flip(Mood.Calm));
        Assert.Equal("waited", await sink.Wait(TimeSpan.FromMilliseconds(1), CancellationToken.None));

        var greeter = await sink.SpawnGreeter("Howdy");
        Assert.Equal(sink.Id.Node, greeter.Id.Node);
        Assert.Equal("Howdy, Caplin!", await greeter.Hi("Caplin"));

        var callerGreeter = caller.Spawn<IGreeter>(() => new Greeter("Hey"));
        Assert.Equal("Hey, Ada!", await sink.CallGreeter(callerGreeter, "Ada"));
        var back = await sink.Greeters([callerGreeter, greeter]);
        Assert.Equal([callerGreeter.Id, greeter.Id], back.Select(g => g.Id));
        Assert.Equal("Hey, Bob!", await back[0].Hi("Bob"));
    }

    // Records with list members compare lists by reference; compare the tags by value instead.
    private static Person Normalize(Person p) => p with { Tags = Ada.Tags.SequenceEqual(p.Tags) ? Ada.Tags : p.Tags };
}

public sealed record GreetingWords(string Word);

public sealed class InjectedGreeter(GreetingWords words) : DistributedActor, IGreeter
{
    public Task<string> Hi(string name) => Task.FromResult($"{words.Word}, {name}!");
}
