namespace Akka.DistributedActors.Tests.Actors;

public enum Mood
{
    Calm,
    Cheerful,
}

public sealed record Person(string Name, int Age, Mood Mood, string? Nickname, IReadOnlyList<string> Tags);

public interface IGreeter : IDistributedActor
{
    Task<string> Hi(string name);
}

public interface IKitchenSink : IDistributedActor
{
    Task Touch();

    Task<int> TouchCount();

    Task<int> Add(int a, long b, double c);

    ValueTask<string?> Echo(string? text);

    ValueTask Nothing();

    Task<Person> Older(Person person, int years);

    Task<List<Person>> SortByAge(IReadOnlyList<Person> people);

    Task<Dictionary<string, int>> CountWords(string[] words);

    Task<int?> Double(int? value);

    Task<Mood> Flip(Mood mood);

    Task<string> Wait(TimeSpan delay, CancellationToken cancellationToken);

    Task<int> CancelledWaits();

    Task WaitVoid(TimeSpan delay);

    Task<string> WaitUncancellable(TimeSpan delay);

    Task<IGreeter> SpawnGreeter(string prefix);

    Task<string> CallGreeter(IGreeter greeter, string name);

    Task<IReadOnlyList<IGreeter>> Greeters(IReadOnlyList<IGreeter> greeters);

    Task<ActorID> WhoAmI();

    Task Throw(string kind, string message);

    Task<int> ThrowValue(string message);

    Task<object> Unserializable();
}

public sealed class Greeter(string prefix = "Hello") : DistributedActor, IGreeter
{
    public Task<string> Hi(string name) => Task.FromResult($"{prefix}, {name}!");
}

public sealed class KitchenSink : DistributedActor, IKitchenSink
{
    private int _touches;

    public Task Touch()
    {
        _touches++;
        return Task.CompletedTask;
    }

    public Task<int> TouchCount() => Task.FromResult(_touches);

    public Task<int> Add(int a, long b, double c) => Task.FromResult((int)(a + b + c));

    public ValueTask<string?> Echo(string? text) => ValueTask.FromResult(text);

    public ValueTask Nothing() => ValueTask.CompletedTask;

    public Task<Person> Older(Person person, int years) => Task.FromResult(person with { Age = person.Age + years });

    public Task<List<Person>> SortByAge(IReadOnlyList<Person> people) => Task.FromResult(people.OrderBy(p => p.Age).ToList());

    public Task<Dictionary<string, int>> CountWords(string[] words) =>
        Task.FromResult(words.GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count()));

    public Task<int?> Double(int? value) => Task.FromResult(value * 2);

    public Task<Mood> Flip(Mood mood) => Task.FromResult(mood == Mood.Calm ? Mood.Cheerful : Mood.Calm);

    private int _cancelledWaits;

    public async Task<string> Wait(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _cancelledWaits++;
            throw;
        }
        return "waited";
    }

    public Task<int> CancelledWaits() => Task.FromResult(_cancelledWaits);

    public Task WaitVoid(TimeSpan delay) => Task.Delay(delay);

    public async Task<string> WaitUncancellable(TimeSpan delay)
    {
        await Task.Delay(delay);
        return "waited";
    }

    public Task<IGreeter> SpawnGreeter(string prefix) => Task.FromResult(System.Spawn<IGreeter>(() => new Greeter(prefix)));

    public Task<string> CallGreeter(IGreeter greeter, string name) => greeter.Hi(name);

    public Task<IReadOnlyList<IGreeter>> Greeters(IReadOnlyList<IGreeter> greeters) => Task.FromResult(greeters);

    public Task<ActorID> WhoAmI() => Task.FromResult(Id);

    public Task Throw(string kind, string message) => kind switch
    {
        "greeter" => throw new GreeterException(message),
        "other" => throw new OtherGreeterException(message),
        "unbuildable" => throw new UnbuildableException(42),
        _ => throw new InvalidOperationException(message),
    };

    public async Task<int> ThrowValue(string message)
    {
        await Task.Yield();
        throw new GreeterException(message);
    }

    public Task<object> Unserializable() => Task.FromResult<object>(new SelfReferencing());
}

public sealed class SelfReferencing
{
    public SelfReferencing Self => this;
}

public sealed class GreeterException(string message) : Exception(message);

public sealed class OtherGreeterException(string message) : Exception(message);

public sealed class UnbuildableException(int code) : Exception($"code {code}");
