using System.Collections.Concurrent;

namespace Akka.DistributedActors.Sharding.Tests;

/// <summary>What one call saw: which node and which instance (numbered across the test) answered, and the instance's count.</summary>
public sealed record Visit(string Node, string EntityId, int Instance, int Count);

public interface ICounter : IDistributedActor
{
    /// <summary>Counts a call; <paramref name="seq"/> is recorded in the test's log, so a call that ran twice shows.</summary>
    Task<Visit> Increment(long seq);

    /// <summary>Calls <paramref name="other"/> (which arrives as an ID and is resolved on this node) and returns what it saw.</summary>
    Task<Visit> IncrementOther(ICounter other, long seq);

    /// <summary>The entity's own ID, as the entity sees it.</summary>
    Task<ActorID> Me();
}

/// <summary>Everything the test's entities did, shared by the in-process nodes.</summary>
public sealed class EntityLog
{
    private int _instances;

    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentDictionary<long, int> Runs { get; } = new();

    public int NextInstance() => Interlocked.Increment(ref _instances);

    public bool Has(string text) => Events.Contains(text);
}

public sealed class Counter : DistributedActor, ICounter, IShardedActor
{
    private readonly EntityLog _log;
    private readonly string _node;
    private readonly int _instance;
    private int _count;

    public Counter(EntityLog log, string node)
    {
        _log = log;
        _node = node;
        _instance = log.NextInstance();
    }

    public Task<Visit> Increment(long seq)
    {
        _log.Runs.AddOrUpdate(seq, 1, (_, n) => n + 1);
        _count++;
        return Task.FromResult(new Visit(_node, this.EntityId, _instance, _count));
    }

    public Task<Visit> IncrementOther(ICounter other, long seq) => other.Increment(seq);

    public Task<ActorID> Me() => Task.FromResult(Id);

    public Task ActivateAsync()
    {
        _log.Events.Enqueue($"activate:{this.EntityId}@{_node}");
        return Task.CompletedTask;
    }

    public async Task PassivateAsync()
    {
        await Task.Yield();
        _log.Events.Enqueue($"passivate:{this.EntityId}@{_node}");
    }
}

public interface IWatcher : IDistributedActor
{
    Task Watch(ICounter target);
}

/// <summary>A spawned actor that watches entities and logs <c>terminated:&lt;id&gt;</c>.</summary>
public sealed class Watcher(EntityLog log) : DistributedActor, IWatcher, ILifecycleWatch
{
    public Task Watch(ICounter target)
    {
        WatchTermination(target);
        return Task.CompletedTask;
    }

    public Task Terminated(ActorID id)
    {
        log.Events.Enqueue($"terminated:{id}");
        return Task.CompletedTask;
    }
}

/// <summary>Built by dependency injection: the log comes from the services, the key from the entity id.</summary>
public sealed class InjectedCounter(EntityLog log, string entityId) : DistributedActor, ICounter
{
    private int _count;

    public Task<Visit> Increment(long seq) => Task.FromResult(new Visit(System.Settings.Name, entityId, log.NextInstance(), ++_count));

    public Task<Visit> IncrementOther(ICounter other, long seq) => other.Increment(seq);

    public Task<ActorID> Me() => Task.FromResult(Id);
}
