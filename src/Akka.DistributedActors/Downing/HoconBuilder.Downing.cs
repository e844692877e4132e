using System.Text;

namespace Akka.DistributedActors.Internal;

internal static partial class HoconBuilder
{
    public const string SplitBrainResolverProviderClass = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster";

    // keep-referee exists only in Akka's legacy resolver.
    public const string LegacySplitBrainResolverProviderClass = "Akka.Cluster.SplitBrainResolver, Akka.Cluster";

    /// <summary>Extra time the coordinated-shutdown phase that holds the on-down delay gets beyond the delay itself.</summary>
    private static readonly TimeSpan OnDownPhaseMargin = TimeSpan.FromSeconds(5);

    static partial void AppendDowning(ClusterSystemSettings s, StringBuilder sb)
    {
        var downing = s.Downing;
        switch (downing.Kind)
        {
            case DowningStrategySettings.DowningKind.None:
                sb.AppendLine("akka.cluster.downing-provider-class = \"\"");
                break;
            case DowningStrategySettings.DowningKind.Timeout:
            case DowningStrategySettings.DowningKind.Custom:
                sb.AppendLine($"akka.cluster.downing-provider-class = {Quote(DowningStrategyProvider.HoconClassName)}");
                break;
            case DowningStrategySettings.DowningKind.SplitBrainResolver:
                AppendSplitBrainResolver(downing.SplitBrainResolverSettings!, s.ClusterName, sb);
                break;
        }
        var onDown = s.OnDownAction;
        sb.AppendLine($"akka.cluster.run-coordinated-shutdown-when-down = {(onDown.Kind == OnDownActionStrategySettings.ActionKind.GracefulShutdown ? "on" : "off")}");
        if (onDown.Kind == OnDownActionStrategySettings.ActionKind.GracefulShutdown && onDown.Delay > TimeSpan.Zero)
            sb.AppendLine($"akka.coordinated-shutdown.phases.before-service-unbind.timeout = {Ms(onDown.Delay + OnDownPhaseMargin)}");
    }

    private static void AppendSplitBrainResolver(SplitBrainResolverSettings sbr, string clusterName, StringBuilder sb)
    {
        var strategy = sbr.Strategy;
        var legacy = strategy.Kind == SplitBrainResolverStrategy.StrategyKind.KeepReferee;
        sb.AppendLine($"akka.cluster.downing-provider-class = {Quote(legacy ? LegacySplitBrainResolverProviderClass : SplitBrainResolverProviderClass)}");
        const string p = "akka.cluster.split-brain-resolver";
        sb.AppendLine($"{p}.active-strategy = {strategy.HoconName}");
        sb.AppendLine($"{p}.stable-after = {Ms(sbr.StableAfter)}");
        if (!legacy)
        {
            var unstable = !sbr.DownAllWhenUnstable ? "off" : sbr.DownAllWhenUnstableAfter is { } after ? Ms(after) : "on";
            sb.AppendLine($"{p}.down-all-when-unstable = {unstable}");
        }
        var role = Quote(strategy.Role ?? "");
        switch (strategy.Kind)
        {
            case SplitBrainResolverStrategy.StrategyKind.KeepMajority:
                sb.AppendLine($"{p}.keep-majority.role = {role}");
                break;
            case SplitBrainResolverStrategy.StrategyKind.KeepOldest:
                sb.AppendLine($"{p}.keep-oldest.down-if-alone = {(strategy.DownIfAlone ? "on" : "off")}");
                sb.AppendLine($"{p}.keep-oldest.role = {role}");
                break;
            case SplitBrainResolverStrategy.StrategyKind.StaticQuorum:
                sb.AppendLine($"{p}.static-quorum.quorum-size = {strategy.QuorumSize}");
                sb.AppendLine($"{p}.static-quorum.role = {role}");
                break;
            case SplitBrainResolverStrategy.StrategyKind.KeepReferee:
                var referee = strategy.Referee!;
                sb.AppendLine($"{p}.keep-referee.address = {Quote($"{referee.Protocol}://{clusterName}@{referee.Host}:{referee.Port}")}");
                sb.AppendLine($"{p}.keep-referee.down-all-if-less-than-nodes = {strategy.DownAllIfLessThanNodes}");
                break;
        }
    }
}
