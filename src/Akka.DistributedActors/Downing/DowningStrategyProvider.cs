using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// The Akka.NET downing provider that runs <see cref="IDowningStrategy"/>s: the facade names it in
/// <c>akka.cluster.downing-provider-class</c> for <see cref="DowningStrategySettings.Timeout"/> and
/// <see cref="DowningStrategySettings.Custom"/>. Akka creates it lazily inside the cluster daemon and starts its shell actor at
/// <c>/system/cluster/core/daemon/downingProvider</c>; the <see cref="ClusterSystem"/> then hands the shell its strategy. Name it
/// in the HOCON of an ActorSystem you <see cref="ClusterSystem.Attach"/> to use facade strategies there:
/// <c>akka.cluster.downing-provider-class = "Akka.DistributedActors.DowningStrategyProvider, Akka.DistributedActors"</c>.
/// </summary>
public sealed class DowningStrategyProvider : IDowningProvider
{
    /// <summary>The value of <c>akka.cluster.downing-provider-class</c> that selects this provider.</summary>
    public const string HoconClassName = "Akka.DistributedActors.DowningStrategyProvider, Akka.DistributedActors";

    private readonly ActorSystem _system;
    private readonly Akka.Cluster.Cluster _cluster;
    private readonly TimeSpan _downRemovalMargin;

    /// <summary>Called by Akka.NET with the system and its cluster (the two-argument form Akka requires; the cluster is not looked up here).</summary>
    public DowningStrategyProvider(ActorSystem system, Akka.Cluster.Cluster cluster)
    {
        _system = system ?? throw new ArgumentNullException(nameof(system));
        _cluster = cluster ?? throw new ArgumentNullException(nameof(cluster));
        var config = system.Settings.Config;
        _downRemovalMargin = config.GetString("akka.cluster.down-removal-margin", "off") is "off" or ""
            ? TimeSpan.Zero
            : config.GetTimeSpan("akka.cluster.down-removal-margin", TimeSpan.Zero);
    }

    /// <summary>Akka's <c>akka.cluster.down-removal-margin</c> (zero when off): how long singletons and shards wait after a down.</summary>
    public TimeSpan DownRemovalMargin => _downRemovalMargin;

    /// <summary>The props of the downing shell actor.</summary>
    public Props DowningActorProps => DowningShell.Props(_cluster, DowningShellRegistry.Get(_system));
}
