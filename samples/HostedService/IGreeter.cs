using Akka.DistributedActors;

namespace HostedService;

/// <summary>A greeter any node of the cluster can call.</summary>
public interface IGreeter : IDistributedActor
{
    /// <summary>The receptionist key every node checks its greeter in under.</summary>
    public static DistributedReception.Key<IGreeter> Key { get; } = new("greeters");

    /// <summary>Greets <paramref name="name"/>: <c>Hello, {name}!</c>.</summary>
    Task<string> Hi(string name);
}
