namespace Akka.DistributedActors;

/// <summary>Per-call options that flow with the async context (Swift's <c>RemoteCall</c> task-locals).</summary>
public static class RemoteCall
{
    private static readonly AsyncLocal<TimeSpan?> CurrentTimeout = new();

    /// <summary>The timeout set by the innermost <see cref="WithTimeout(TimeSpan)"/> scope; null means the system default.</summary>
    public static TimeSpan? Timeout => CurrentTimeout.Value;

    /// <summary>
    /// Sets the timeout of every call made in this async context until the returned scope is disposed:
    /// <c>using (RemoteCall.WithTimeout(TimeSpan.FromMilliseconds(200))) await actor.Work();</c>.
    /// </summary>
    public static IDisposable WithTimeout(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A remote call timeout must be positive.");
        var scope = new Scope(CurrentTimeout.Value);
        CurrentTimeout.Value = timeout;
        return scope;
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="timeout"/> for every call it makes (Swift's <c>RemoteCall.with(timeout:)</c>).</summary>
    public static async Task<T> WithTimeoutAsync<T>(TimeSpan timeout, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using (WithTimeout(timeout)) return await call().ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="call"/> with <paramref name="timeout"/> for every call it makes.</summary>
    public static async Task WithTimeoutAsync(TimeSpan timeout, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        using (WithTimeout(timeout)) await call().ConfigureAwait(false);
    }

    private sealed class Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => CurrentTimeout.Value = previous;
    }
}
