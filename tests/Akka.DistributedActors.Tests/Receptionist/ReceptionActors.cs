namespace Akka.DistributedActors.Tests.Receptionist;

public interface IEcho : IDistributedActor
{
    Task<string> Echo(string text);
}

public sealed class Echo(string name) : DistributedActor, IEcho
{
    Task<string> IEcho.Echo(string text) => Task.FromResult($"{name}:{text}");
}

public static class ReceptionKeys
{
    public static DistributedReception.Key<IEcho> Echoes { get; } = new("echoes");

    public static DistributedReception.Key<IEcho> Others { get; } = new("others");
}
