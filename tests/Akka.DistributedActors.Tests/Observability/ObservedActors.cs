using System.Diagnostics;

namespace Akka.DistributedActors.Tests.Observability;

/// <summary>Used only by the observability tests, so its rpc.service tells their spans and measurements apart from others'.</summary>
public interface IObserved : IDistributedActor
{
    /// <summary>Calls <see cref="Echo"/> on <paramref name="next"/> and prefixes its answer.</summary>
    Task<string> Relay(ActorID next, string text);

    Task<string> Echo(string text);

    /// <summary>The trace id of the span the method runs under, or null.</summary>
    Task<string?> AmbientTraceId();

    Task Fail(string message);

    /// <summary>Never completes until the caller gives up (the cancellation reaches the callee).</summary>
    Task Hang(CancellationToken cancellationToken);
}

public sealed class Observed : DistributedActor, IObserved
{
    public async Task<string> Relay(ActorID next, string text) => "relayed " + await System.Resolve<IObserved>(next).Echo(text);

    public Task<string> Echo(string text) => Task.FromResult(text);

    public Task<string?> AmbientTraceId() => Task.FromResult(Activity.Current?.TraceId.ToHexString());

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public Task Hang(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
