using Akka.DistributedActors;
using Akka.Event;

namespace Greeter;

/// <summary>The implementation, hosted by the node that spawns it.</summary>
public sealed class Greeter : DistributedActor, IGreeter
{
    /// <inheritdoc />
    public Task<string> Hi(string name)
    {
        Log.Info("Greeting {0}", name);
        return Task.FromResult($"Hello, {name}! (from {System.Name})");
    }
}
