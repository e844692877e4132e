using System.Globalization;
using System.Runtime.CompilerServices;
using Akka.Actor;
using AkkaDiscovery = Akka.Discovery.Discovery;
using AkkaLookup = Akka.Discovery.Lookup;

namespace Akka.DistributedActors.Internal;

/// <summary>What a discovery needs from the node it runs on.</summary>
internal sealed record DiscoveryContext(ActorSystem System, Node Self, ServiceDiscoverySettings Settings);

/// <summary>
/// The listing streams of the discovery modes. Each stream runs until cancelled; it throws when the discovery fails and the
/// <see cref="DiscoveryShell"/> reopens it with backoff.
/// </summary>
internal static class DiscoveryListings
{
    public static async IAsyncEnumerable<SeedNodeListing> Once(SeedNodeListing listing, [EnumeratorCancellation] CancellationToken ct)
    {
        yield return listing;
        // A static list never changes; staying open keeps the shell from treating the end as a failure.
        await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
    }

    public static async IAsyncEnumerable<SeedNodeListing> Subscribe<TService, TInstance>(IServiceDiscovery<TService, TInstance> discovery,
        TService service, Func<TInstance, Node> map, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var instances in discovery.SubscribeAsync(service, ct).WithCancellation(ct).ConfigureAwait(false))
            yield return SeedNodeListing.Create(instances ?? [], map);
        ct.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The service discovery subscription ended.");
    }

    public static async IAsyncEnumerable<SeedNodeListing> PollAkka(DiscoveryContext context, [EnumeratorCancellation] CancellationToken ct)
    {
        var settings = context.Settings;
        var discovery = AkkaDiscovery.Get(context.System).LoadServiceDiscovery(settings.Method!);
        var lookup = new AkkaLookup(settings.ServiceName!, settings.PortName);
        var selfPort = context.Self.Port;
        while (true)
        {
            // WaitAsync bounds plugins that do not honour the resolve timeout themselves.
            var resolved = await discovery.Lookup(lookup, settings.ResolveTimeout)
                .WaitAsync(settings.ResolveTimeout + TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            yield return SeedNodeListing.Create(resolved.Addresses,
                t => new Node(t.Address?.ToString() ?? t.Host, t.Port ?? selfPort),
                t => $"{t.Address?.ToString() ?? t.Host}:{t.Port?.ToString(CultureInfo.InvariantCulture) ?? "(no port)"}");
            await Task.Delay(settings.Interval, ct).ConfigureAwait(false);
        }
    }
}
