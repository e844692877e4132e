using Akka.DistributedActors;
using Akka.Event;

namespace HostedService;

/// <summary>The greeter each node hosts.</summary>
public sealed class Greeter : DistributedActor, IGreeter
{
    /// <inheritdoc />
    public Task<string> Hi(string name)
    {
        Log.Info("Greeting {0}", name);
        return Task.FromResult($"Hello, {name}!");
    }
}
