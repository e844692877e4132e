namespace Akka.DistributedActors.Tests.WorkerPool;

public interface IHasher : IDistributedWorker<string, string>
{
}

/// <summary>Answers "name:work" so tests see which worker took each item.</summary>
public sealed class Hasher(string name) : DistributedActor, IHasher
{
    public Task<string> Submit(string work) => Task.FromResult($"{name}:{work}");
}

public static class WorkerKeys
{
    public static DistributedReception.Key<IHasher> Hashers { get; } = new("hashers");
}
