using Akka.DistributedActors.Hosting.Internal;
using Akka.DistributedActors.Internal;
using Akka.Hosting;

namespace Akka.DistributedActors.Hosting;

/// <summary>Adds the distributed-actor facade to an ActorSystem built by Akka.Hosting.</summary>
public static class DistributedActorsAkkaConfigurationBuilderExtensions
{
    /// <summary>
    /// Applies <paramref name="configure"/>'s <see cref="ClusterSystemSettings"/> to the ActorSystem this builder makes (as HOCON
    /// and setups, no hand-written HOCON) and attaches a <see cref="ClusterSystem"/> when it starts. Settings set here win over
    /// the builder's other HOCON; the ones left at their defaults only fill what nothing else sets (so <c>WithRemoting</c> and
    /// <c>WithClustering</c> keep the address, roles and seed nodes). Logs go to the host's <c>ILoggerFactory</c> unless
    /// <see cref="LoggingSettings"/> say otherwise. Register the facade in the host's services with
    /// <see cref="ClusterSystemServiceCollectionExtensions.AddClusterSystem"/>. Invalid settings throw
    /// <see cref="ClusterSystemSettingsException"/> naming the setting when the host starts.
    /// </summary>
    public static AkkaConfigurationBuilder WithDistributedActors(this AkkaConfigurationBuilder builder, Action<ClusterSystemSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = new ClusterSystemSettings();
        var before = HoconBuilder.Build(settings);
        configure?.Invoke(settings);
        settings.Validate();
        var after = HoconBuilder.Build(settings);
        var all = AttachedConfiguration.Flatten(after);
        var explicitly = AttachedConfiguration.Changed(before, after);
        // The system's name is Akka.Hosting's and unknown here: the facade's name role is only written for a Name the user set.
        if (explicitly.ContainsKey(RolesKey))
            explicitly[RolesKey] = AttachedConfiguration.Render(RolesOf(settings));
        all.Remove(RolesKey);
        if (settings.Logging.LoggerFactory is null && !settings.Logging.UseBuiltInFormatter)
            all[LoggersKey] = AttachedConfiguration.Render([LoggerFactoryBridge.HoconName]);
        builder.AddHocon(AttachedConfiguration.ToConfig(all.Where(kv => !explicitly.ContainsKey(kv.Key))), HoconAddMode.Append);
        if (explicitly.Count > 0) builder.AddHocon(AttachedConfiguration.ToConfig(explicitly), HoconAddMode.Prepend);
        if (settings.Logging.LoggerFactory is { } factory) builder.AddSetup(new LoggerFactorySetup(factory));
        if (ClusterSystem.TlsSetupFor(settings) is { } tls) builder.AddSetup(tls);
        var pending = HostedClusterSystems.Configure(builder, settings, explicitly);
        builder.AddStartup((system, _) => HostedClusterSystems.GetOrAttach(system, pending));
        return builder;
    }

    private const string RolesKey = "akka.cluster.roles";
    private const string LoggersKey = "akka.loggers";

    private static IEnumerable<string> RolesOf(ClusterSystemSettings settings) =>
        (settings.Name == ClusterSystemSettings.DefaultName ? [] : new[] { AkkaConversions.NameRolePrefix + settings.Name }).Concat(settings.Roles);
}
