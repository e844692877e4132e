using System.Net;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using AkkaLookup = Akka.Discovery.Lookup;
using AkkaServiceDiscovery = Akka.Discovery.ServiceDiscovery;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Serves an <see cref="IServiceDiscovery{TService, TInstance}"/> to Akka.Discovery under the method name <see cref="Method"/>, so that
/// Akka.Management's ClusterBootstrap can look contact points up through it
/// (<see cref="ServiceDiscoverySettings.ClusterBootstrap{TService, TInstance}"/>). Akka.Discovery creates it by class name with only
/// the actor system, so the discovery of each system is registered here when the system starts.
/// </summary>
internal sealed class ServiceDiscoveryPlugin : AkkaServiceDiscovery
{
    public const string Method = "distributed-actors";

    private static readonly ConditionalWeakTable<ActorSystem, ServiceDiscoverySettings> Registered = new();

    private readonly ServiceDiscoverySettings _settings;
    private readonly ILoggingAdapter _log;
    private readonly HashSet<string> _reported = [];

    public ServiceDiscoveryPlugin(ExtendedActorSystem system)
    {
        if (!Registered.TryGetValue(system, out var settings) || settings.LookupNodes is null)
            throw new InvalidOperationException($"Discovery method \"{Method}\" is only available to systems whose settings.Discovery is a ClusterBootstrap over an IServiceDiscovery.");
        _settings = settings;
        _log = Logging.GetLogger(system, typeof(ServiceDiscoveryPlugin));
    }

    public static void Register(ActorSystem system, ServiceDiscoverySettings settings) => Registered.AddOrUpdate(system, settings);

    public override async Task<Resolved> Lookup(AkkaLookup lookup, TimeSpan resolveTimeout)
    {
        using var timeout = new CancellationTokenSource(resolveTimeout);
        var listing = await _settings.LookupNodes!(timeout.Token).ConfigureAwait(false);
        foreach (var rejected in listing.Rejected)
        {
            // Akka.Discovery shares one instance per method, so lookups may overlap.
            lock (_reported)
            {
                if (_reported.Count >= 256 || !_reported.Add(rejected)) continue;
            }
            _log.Warning("Service discovery {0} listed an unusable contact point {1}; skipped.", _settings, rejected);
        }
        return new Resolved(lookup.ServiceName, listing.Nodes.Select(n =>
            new ResolvedTarget(n.Host, n.Port, IPAddress.TryParse(n.Host, out var ip) ? ip : null)));
    }
}
