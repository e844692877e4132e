using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Hosting;

namespace Akka.DistributedActors.Hosting.Internal;

/// <summary>What <c>WithDistributedActors</c> configured for one Akka.Hosting builder: the settings and the HOCON keys the user set.</summary>
internal sealed record PendingClusterSystem(ClusterSystemSettings Settings, IReadOnlyDictionary<string, string> Explicitly);

/// <summary>
/// The one facade of each ActorSystem Akka.Hosting built, attached by whichever comes first: the builder's startup task or the
/// host's services resolving <see cref="ClusterSystem"/>.
/// </summary>
internal static class HostedClusterSystems
{
    private static readonly ConditionalWeakTable<AkkaConfigurationBuilder, PendingClusterSystem> Pending = new();
    private static readonly ConditionalWeakTable<ActorSystem, ClusterSystem> Attached = new();
    private static readonly object Gate = new();

    public static PendingClusterSystem Configure(AkkaConfigurationBuilder builder, ClusterSystemSettings settings, IReadOnlyDictionary<string, string> explicitly)
    {
        var pending = new PendingClusterSystem(settings, explicitly);
        if (!Pending.TryAdd(builder, pending))
            throw new InvalidOperationException("WithDistributedActors was called twice on one Akka.Hosting builder; configure everything in one call.");
        return pending;
    }

    /// <summary>The facade of <paramref name="system"/>, attached now with what <paramref name="builder"/> configured (defaults when nothing).</summary>
    public static ClusterSystem GetOrAttach(ActorSystem system, AkkaConfigurationBuilder builder) =>
        GetOrAttach(system, Pending.TryGetValue(builder, out var pending) ? pending : null);

    public static ClusterSystem GetOrAttach(ActorSystem system, PendingClusterSystem? pending)
    {
        lock (Gate)
        {
            if (Attached.TryGetValue(system, out var attached)) return attached;
            attached = pending is null
                ? ClusterSystem.Attach(system)
                : ClusterSystem.AttachConfigured(system, pending.Settings, pending.Explicitly);
            Attached.Add(system, attached);
            return attached;
        }
    }
}
