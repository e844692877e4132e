namespace Akka.DistributedActors.Tests.Actors;

public interface IPingPong : IDistributedActor
{
    Task<int> Ping(IPingPong other, int remaining);
}

public class PingPong : DistributedActor, IPingPong
{
    public async Task<int> Ping(IPingPong other, int remaining) =>
        remaining == 0 ? 0 : 1 + await other.Ping(System.Resolve<IPingPong>(Id), remaining - 1);
}

[NonReentrant]
public sealed class StrictPingPong : PingPong;

public sealed record TurnStats(int MaxConcurrentTurns, int MaxConcurrentCalls, int Completed);

public interface ITurnCounter : IDistributedActor
{
    Task Work(int awaits);

    /// <summary>Returns once <paramref name="parties"/> calls are inside the actor at the same time (fails after 5 s).</summary>
    Task Meet(int parties);

    Task<TurnStats> Stats();
}

public class TurnCounter : DistributedActor, ITurnCounter
{
    private int _turns;
    private int _calls;
    private int _maxTurns;
    private int _maxCalls;
    private int _completed;
    private int _met;
    private TaskCompletionSource? _allMet;

    public async Task Work(int awaits)
    {
        _maxCalls = Math.Max(_maxCalls, Interlocked.Increment(ref _calls));
        for (var i = 0; i < awaits; i++)
        {
            Turn();
            await Task.Yield();
        }
        Turn();
        Interlocked.Decrement(ref _calls);
        _completed++;
    }

    public async Task Meet(int parties)
    {
        _allMet ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allMet = _allMet.Task;
        if (++_met == parties) _allMet.SetResult();
        // Bounded: an actor that does not run other calls at this await fails the test instead of hanging it.
        await allMet.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public Task<TurnStats> Stats() => Task.FromResult(new TurnStats(_maxTurns, _maxCalls, _completed));

    private void Turn()
    {
        var now = Interlocked.Increment(ref _turns);
        _maxTurns = Math.Max(_maxTurns, now);
        Thread.SpinWait(2000);
        Interlocked.Decrement(ref _turns);
    }
}

[NonReentrant]
public sealed class StrictTurnCounter : TurnCounter;
