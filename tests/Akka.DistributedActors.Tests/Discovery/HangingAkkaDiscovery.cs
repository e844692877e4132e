using Akka.Actor;
using Akka.Discovery;

namespace Akka.DistributedActors.Tests.Discovery;

/// <summary>
/// An Akka.Discovery plugin that misbehaves as a stuck DNS or API call would: its first <c>hanging-lookups</c> lookups never
/// complete (ignoring the resolve timeout), later ones list the "host:port" <c>endpoints</c> of its config section.
/// Akka.Discovery creates one instance per ActorSystem.
/// </summary>
public sealed class HangingAkkaDiscovery : ServiceDiscovery
{
    public const string Method = "hanging-test";

    private readonly int _hangingLookups;
    private readonly IReadOnlyList<string> _endpoints;
    private int _lookups;

    public HangingAkkaDiscovery(ExtendedActorSystem system)
    {
        var config = system.Settings.Config.GetConfig($"akka.discovery.{Method}");
        _hangingLookups = config.GetInt("hanging-lookups");
        _endpoints = [.. config.GetStringList("endpoints")];
    }

    public override Task<Resolved> Lookup(Lookup lookup, TimeSpan resolveTimeout)
    {
        if (Interlocked.Increment(ref _lookups) <= _hangingLookups) return new TaskCompletionSource<Resolved>().Task;
        var targets = _endpoints.Select(e => Endpoints.Parse(e)).Select(n => new ResolvedTarget(n.Host, n.Port, null));
        return Task.FromResult(new Resolved(lookup.ServiceName, targets));
    }
}
