using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Generators.Tests;

public interface IFallbackGreeter : IDistributedActor
{
    Task<string> Hi(string name);

    ValueTask<int> Count(IReadOnlyList<string> words, CancellationToken cancellationToken);

    ValueTask Forget();

    Task<IFallbackGreeter> Self();
}

public sealed class FallbackGreeter : DistributedActor, IFallbackGreeter
{
    public Task<string> Hi(string name) => Task.FromResult($"Hello, {name}!");

    public ValueTask<int> Count(IReadOnlyList<string> words, CancellationToken cancellationToken) => ValueTask.FromResult(words.Count);

    public ValueTask Forget() => ValueTask.CompletedTask;

    public Task<IFallbackGreeter> Self() => Task.FromResult(System.Resolve<IFallbackGreeter>(Id));
}

public interface IInvalidForFallback : IDistributedActor
{
    int Count();
}

public sealed class InvalidForFallback : DistributedActor, IInvalidForFallback
{
    public int Count() => 0;
}

public interface IDelegatesForFallback : IDistributedActor
{
    Task Take(List<Action> callbacks);
}

public sealed class DelegatesForFallback : DistributedActor, IDelegatesForFallback
{
    public Task Take(List<Action> callbacks) => Task.CompletedTask;
}

/// <summary>
/// This project references the library by ProjectReference only, so no generated code exists for its interfaces: these tests
/// show the reflection fallback in use and working, locally and across two systems.
/// </summary>
public sealed class FallbackTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Project_reference_consumers_use_the_reflection_fallback_and_calls_round_trip()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var greeter = first.Spawn<IFallbackGreeter>(() => new FallbackGreeter());
        Assert.False(DistributedInterfaceRegistry.IsGenerated(typeof(IFallbackGreeter)));
        Assert.IsNotAssignableFrom<DistributedActorProxy>(greeter);

        foreach (var proxy in new[] { greeter, second.Resolve<IFallbackGreeter>(greeter.Id) })
        {
            Assert.Equal("Hello, Caplin!", await proxy.Hi("Caplin"));
            Assert.Equal(2, await proxy.Count(["a", "b"], CancellationToken.None));
            await proxy.Forget();
            var self = await proxy.Self();
            Assert.Equal(greeter.Id, self.Id);
            Assert.Equal(proxy, self);
        }
        Assert.Contains(CapturingLogger.LinesOf(first.ActorSystem).Concat(CapturingLogger.LinesOf(second.ActorSystem)),
            line => line.Contains("reflection fallback") && line.Contains(nameof(IFallbackGreeter)));
    }

    [Fact]
    public async Task Reflection_fallback_rejects_invalid_interfaces_with_the_generator_rule()
    {
        var system = await SetUpNodeAsync("first");
        var error = Assert.Throws<ArgumentException>(() => system.Spawn<IInvalidForFallback>(() => new InvalidForFallback()));
        Assert.Contains("IInvalidForFallback.Count: DA0001: Distributed method 'Count' returns 'Int32'", error.Message);
        // The generator's DA0005 looks inside type arguments; the fallback shares the rule, so it does too.
        error = Assert.Throws<ArgumentException>(() => system.Spawn<IDelegatesForFallback>(() => new DelegatesForFallback()));
        Assert.Contains("IDelegatesForFallback.Take: DA0005: Parameter 'callbacks' of distributed method 'Take'", error.Message);
        Assert.Contains("delegates cannot cross the network", error.Message);
    }
}
