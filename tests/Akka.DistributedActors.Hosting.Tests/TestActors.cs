namespace Akka.DistributedActors.Hosting.Tests;

public interface IGreeter : IDistributedActor
{
    Task<string> Hi(string name);
}

/// <summary>A service the host provides, injected into <see cref="InjectedGreeter"/>.</summary>
public sealed record Salutation(string Word);

public sealed class Greeter : DistributedActor, IGreeter
{
    public Task<string> Hi(string name) => Task.FromResult($"Hello, {name}!");
}

public sealed class InjectedGreeter(Salutation salutation) : DistributedActor, IGreeter
{
    public Task<string> Hi(string name) => Task.FromResult($"{salutation.Word}, {name}!");
}
