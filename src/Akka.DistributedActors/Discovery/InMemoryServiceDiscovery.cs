using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Akka.DistributedActors;

/// <summary>
/// An <see cref="IServiceDiscovery{TService, TInstance}"/> whose listings are set in code with <see cref="Register"/> (Swift's
/// <c>InMemoryServiceDiscovery</c>): for tests, and for programs that learn their peers some other way. Thread-safe.
/// </summary>
public sealed class InMemoryServiceDiscovery<TService, TInstance> : IServiceDiscovery<TService, TInstance>
    where TService : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TService, IReadOnlyList<TInstance>> _listings = new();
    private readonly Dictionary<TService, List<ChannelWriter<IReadOnlyList<TInstance>>>> _subscribers = new();

    /// <summary>Replaces the listing of <paramref name="service"/> and hands it to every current subscriber.</summary>
    public void Register(TService service, IEnumerable<TInstance> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var listing = instances.ToArray();
        lock (_gate)
        {
            _listings[service] = listing;
            if (!_subscribers.TryGetValue(service, out var writers)) return;
            // Each subscriber's channel holds only the newest listing, so a slow reader skips stale ones.
            foreach (var w in writers) w.TryWrite(listing);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<TInstance>> LookupAsync(TService service, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            return Task.FromResult(_listings.TryGetValue(service, out var l) ? l : Array.Empty<TInstance>());
        }
    }

    /// <summary>Yields the current listing (empty when none was registered), then every later <see cref="Register"/> of this service.</summary>
    public async IAsyncEnumerable<IReadOnlyList<TInstance>> SubscribeAsync(TService service,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<IReadOnlyList<TInstance>>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_gate)
        {
            // The current listing comes first even when empty: a subscription that yields nothing looks stuck to the cluster.
            channel.Writer.TryWrite(_listings.TryGetValue(service, out var current) ? current : Array.Empty<TInstance>());
            if (!_subscribers.TryGetValue(service, out var writers)) _subscribers[service] = writers = [];
            writers.Add(channel.Writer);
        }
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var listing)) yield return listing;
            }
        }
        finally
        {
            lock (_gate) _subscribers[service].Remove(channel.Writer);
        }
    }
}
