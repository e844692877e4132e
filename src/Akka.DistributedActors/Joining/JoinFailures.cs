using System.Collections.Concurrent;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Joins that were given up, for <see cref="ClusterControl.JoinedAsync(TimeSpan, CancellationToken)"/> and its overloads to fail
/// with the reason instead of waiting out their own timeout. Written by the join coordinator, read by callers on any thread; a new
/// <c>Join</c> to an endpoint clears that endpoint's failure before its request is sent.
/// </summary>
internal sealed class JoinFailures
{
    private readonly ConcurrentDictionary<(string Host, int Port), TaskCompletionSource<string>> _byEndpoint = new();
    private TaskCompletionSource<string> _any = NewSource();

    /// <summary>Completes with the reason when a join to <paramref name="endpoint"/> is given up.</summary>
    public Task<string> For(Node endpoint) => _byEndpoint.GetOrAdd(Key(endpoint.Host, endpoint.Port), _ => NewSource()).Task;

    /// <summary>Completes with the reason when any join started since the last <see cref="Started"/> is given up.</summary>
    public Task<string> Any => Volatile.Read(ref _any).Task;

    public void Started(Node endpoint)
    {
        var key = Key(endpoint.Host, endpoint.Port);
        if (_byEndpoint.TryGetValue(key, out var source) && source.Task.IsCompleted) _byEndpoint.TryUpdate(key, NewSource(), source);
        var any = Volatile.Read(ref _any);
        if (any.Task.IsCompleted) Interlocked.CompareExchange(ref _any, NewSource(), any);
    }

    public void GaveUp(string host, int port, string reason)
    {
        _byEndpoint.GetOrAdd(Key(host, port), _ => NewSource()).TrySetResult(reason);
        Volatile.Read(ref _any).TrySetResult(reason);
    }

    private static (string, int) Key(string host, int port) => (host.ToLowerInvariant(), port);

    private static TaskCompletionSource<string> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
