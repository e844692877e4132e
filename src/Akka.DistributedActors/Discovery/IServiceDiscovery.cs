namespace Akka.DistributedActors;

/// <summary>
/// A source of service instances, in the spirit of swift-service-discovery's <c>ServiceDiscovery</c>: look a service up once, or
/// subscribe to its listing as it changes. Implement it over Consul, DNS, a file, a cloud API; plug it in with
/// <see cref="ServiceDiscoverySettings.From{TService, TInstance}"/>.
/// </summary>
/// <typeparam name="TService">How a service is named (a string, a record with name and namespace, ...).</typeparam>
/// <typeparam name="TInstance">What one listed instance is (a <see cref="Node"/>, a "host:port" string, a DNS record, ...).</typeparam>
public interface IServiceDiscovery<in TService, TInstance>
{
    /// <summary>Returns the instances of <paramref name="service"/> listed right now (empty when none).</summary>
    Task<IReadOnlyList<TInstance>> LookupAsync(TService service, CancellationToken cancellationToken = default);

    /// <summary>
    /// Yields the complete listing of <paramref name="service"/> now (empty when there is none) and again every time it changes,
    /// until <paramref name="cancellationToken"/> is cancelled. Each element replaces the previous listing. An enumeration that
    /// fails or ends, or gives no first listing within <see cref="ServiceDiscoverySettings.ResolveTimeout"/>, is resubscribed by
    /// the cluster with backoff.
    /// </summary>
    IAsyncEnumerable<IReadOnlyList<TInstance>> SubscribeAsync(TService service, CancellationToken cancellationToken = default);
}
