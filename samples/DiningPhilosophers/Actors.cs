using Akka.DistributedActors;

namespace DiningPhilosophers;

/// <summary>A fork.</summary>
public sealed class Fork : DistributedActor, IFork
{
    private string? _holder;

    /// <inheritdoc />
    public Task<bool> TryTake(string who)
    {
        if (_holder is not null) return Task.FromResult(false);
        _holder = who;
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task Put(string who)
    {
        if (_holder == who) _holder = null;
        return Task.CompletedTask;
    }
}

/// <summary>The waiter singleton.</summary>
public sealed class Waiter : DistributedActor, IWaiter, IClusterSingleton
{
    private readonly HashSet<string> _seated = [];
    private int _meals;

    /// <inheritdoc />
    public Task<bool> RequestSeat(string who) => Task.FromResult(_seated.Count < 4 && _seated.Add(who));

    /// <inheritdoc />
    public Task LeaveSeat(string who)
    {
        if (_seated.Remove(who)) _meals++;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> MealsServed() => Task.FromResult(_meals);

    /// <inheritdoc />
    public Task ActivateAsync()
    {
        Console.WriteLine($"The waiter starts work on {System.Name}.");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PassivateAsync() => Task.CompletedTask;
}

/// <summary>A philosopher between two forks; eats one meal at a time.</summary>
[NonReentrant]
public sealed class Philosopher(string name, IFork left, IFork right) : DistributedActor, IPhilosopher
{
    /// <inheritdoc />
    public async Task<string> Submit(int meals)
    {
        var waiter = System.Singleton.Proxy<IWaiter>("waiter");
        for (var meal = 0; meal < meals; meal++)
        {
            while (!await waiter.RequestSeat(name)) await Task.Delay(5);
            while (!await left.TryTake(name)) await Task.Delay(5);
            while (!await right.TryTake(name)) await Task.Delay(5);
            await Task.Delay(10); // eating
            await right.Put(name);
            await left.Put(name);
            await waiter.LeaveSeat(name);
        }
        return $"{name} ate {meals} meal(s) on {System.Name}";
    }
}
