using System.Collections.Concurrent;
using System.Diagnostics;

namespace Akka.DistributedActors.Tests.Singleton;

public sealed record CounterReply(string Host, int Count);

public interface ICounter : IDistributedActor
{
    Task<CounterReply> Increment();
}

/// <summary>Counts calls; records activation and passivation (with its node's name) in <paramref name="events"/>.</summary>
public sealed class Counter(ConcurrentQueue<string> events) : DistributedActor, ICounter, IClusterSingleton
{
    private int _count;

    public Task<CounterReply> Increment() => Task.FromResult(new CounterReply(System.Name, ++_count));

    public Task ActivateAsync()
    {
        events.Enqueue("activate:" + System.Name);
        return Task.CompletedTask;
    }

    public Task PassivateAsync()
    {
        events.Enqueue("passivate:" + System.Name);
        return Task.CompletedTask;
    }
}

/// <summary>
/// A counter whose passivation takes a while (awaits, so calls that reach it meanwhile still run): records when passivation
/// starts and ends, so a test sees that the next instance activates only after the hook completed.
/// </summary>
public sealed class SlowPassivationCounter(ConcurrentQueue<string> events, TimeSpan passivation) : DistributedActor, ICounter, IClusterSingleton
{
    private int _count;

    public Task<CounterReply> Increment() => Task.FromResult(new CounterReply(System.Name, ++_count));

    public Task ActivateAsync()
    {
        events.Enqueue("activate:" + System.Name);
        return Task.CompletedTask;
    }

    public async Task PassivateAsync()
    {
        events.Enqueue("passivate:" + System.Name);
        await Task.Delay(passivation);
        events.Enqueue("passivated:" + System.Name);
    }
}

/// <summary>
/// A counter without hooks whose calls each keep the actor's turn busy for 10 ms (computing, not awaiting, on purpose), so that
/// concurrent calls the instance has already accepted wait in its mailbox; at hand-over the instance stops at once.
/// </summary>
public sealed class BusyCounter : DistributedActor, ICounter
{
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(10);
    private int _count;

    public Task<CounterReply> Increment()
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < Busy) Thread.SpinWait(100);
        return Task.FromResult(new CounterReply(System.Name, ++_count));
    }
}
