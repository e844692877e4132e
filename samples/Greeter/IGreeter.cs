using Akka.DistributedActors;

namespace Greeter;

/// <summary>The seed's <c>distributed actor Greeter</c>: what callers see, on any node.</summary>
public interface IGreeter : IDistributedActor
{
    /// <summary>Greets <paramref name="name"/>.</summary>
    Task<string> Hi(string name);
}
