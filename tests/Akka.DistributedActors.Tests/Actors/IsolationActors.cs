namespace Akka.DistributedActors.Tests.Actors;

public interface IPingPong : IDistributedActor
{
    Task<int> Ping(IPingPong other, int remaining);
}

public class PingPong : DistributedActor, IPingPong
{
    public async Task<int> Ping(IPingPong other, int remaining) =>
        remaining == 0 ? 0 : 1 + await other.Ping(ActorSystem.Resolve<IPingPong>(Id), remaining - 1);
}

[NonReentrant]
public sealed class StrictPingPong : PingPong;

public sealed record TurnStats(int MaxConcurrentTurns, int MaxConcurrentCalls, int Completed);

public interface ITurnCounter : IDistributedActor
{
    Task Work(int awaits);

    Task<TurnStats> Stats();
}

public class TurnCounter : DistributedActor, ITurnCounter
{
    private int _turns;
    private int _calls;
    private int _maxTurns;
    private int _maxCalls;
    private int _completed;

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
