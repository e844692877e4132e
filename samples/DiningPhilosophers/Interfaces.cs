using Akka.DistributedActors;

namespace DiningPhilosophers;

/// <summary>A fork on the table: one philosopher holds it at a time.</summary>
public interface IFork : IDistributedActor
{
    /// <summary>Takes the fork for <paramref name="who"/>; false when someone holds it.</summary>
    Task<bool> TryTake(string who);

    /// <summary>Puts the fork back (only its holder can).</summary>
    Task Put(string who);
}

/// <summary>The one waiter of the cluster (a singleton): seats at most four of the five philosophers, so nobody starves.</summary>
public interface IWaiter : IDistributedActor
{
    /// <summary>Seats <paramref name="who"/> if a seat is free.</summary>
    Task<bool> RequestSeat(string who);

    /// <summary>Frees the seat of <paramref name="who"/> after a meal and counts the meal.</summary>
    Task LeaveSeat(string who);

    /// <summary>Meals served so far.</summary>
    Task<int> MealsServed();
}

/// <summary>A philosopher is a worker: the work is a number of meals, the result a line about them.</summary>
public interface IPhilosopher : IDistributedWorker<int, string>
{
}

/// <summary>The receptionist keys of the table.</summary>
public static class Keys
{
    /// <summary>All forks.</summary>
    public static DistributedReception.Key<IFork> Forks { get; } = new("forks");

    /// <summary>All philosophers, the worker pool's members.</summary>
    public static DistributedReception.Key<IPhilosopher> Philosophers { get; } = new("philosophers");
}
