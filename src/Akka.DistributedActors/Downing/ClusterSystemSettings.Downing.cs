namespace Akka.DistributedActors;

public sealed partial class ClusterSystemSettings
{
    /// <summary>
    /// How unreachable members get downed; default <c>SplitBrainResolver(keep-majority, stable-after 20 s)</c>, Akka.NET's default
    /// (Swift's default is <c>Timeout(1 s)</c>; see docs/mapping.md for why the facade differs).
    /// </summary>
    public DowningStrategySettings Downing { get; set; } = DowningStrategySettings.SplitBrainResolver();

    /// <summary>What this node does when it learns it was marked Down; default <c>GracefulShutdown(3 s)</c>, as in Swift.</summary>
    public OnDownActionStrategySettings OnDownAction { get; set; } = OnDownActionStrategySettings.Default;

    partial void ValidateDowning()
    {
        if (Downing is null)
            throw new ClusterSystemSettingsException(nameof(Downing), null, "must be set, e.g. DowningStrategySettings.SplitBrainResolver().");
        switch (Downing.Kind)
        {
            case DowningStrategySettings.DowningKind.Timeout:
                if (Downing.TimeoutSettings!.DownUnreachableMembersAfter < TimeSpan.Zero)
                    throw new ClusterSystemSettingsException("Downing.Timeout.DownUnreachableMembersAfter",
                        Downing.TimeoutSettings.DownUnreachableMembersAfter, "must not be negative.");
                break;
            case DowningStrategySettings.DowningKind.SplitBrainResolver:
                ValidateSplitBrainResolver(Downing.SplitBrainResolverSettings!);
                break;
        }
        if (OnDownAction is null)
            throw new ClusterSystemSettingsException(nameof(OnDownAction), null, "must be set, e.g. OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromSeconds(3)).");
        if (OnDownAction.Delay < TimeSpan.Zero)
            throw new ClusterSystemSettingsException("OnDownAction.Delay", OnDownAction.Delay, "must not be negative.");
    }

    private static void ValidateSplitBrainResolver(SplitBrainResolverSettings sbr)
    {
        const string prefix = "Downing.SplitBrainResolver.";
        if (sbr.Strategy is null)
            throw new ClusterSystemSettingsException(prefix + "Strategy", null, "must be set, e.g. SplitBrainResolverStrategy.KeepMajority().");
        Positive(prefix + "StableAfter", sbr.StableAfter);
        if (sbr.DownAllWhenUnstableAfter is { } after) Positive(prefix + "DownAllWhenUnstableAfter", after);
        var strategy = sbr.Strategy;
        if (strategy.Role is not null && string.IsNullOrWhiteSpace(strategy.Role))
            throw new ClusterSystemSettingsException(prefix + "Strategy.Role", strategy.Role, "must be null (all members) or a role name.");
        switch (strategy.Kind)
        {
            case SplitBrainResolverStrategy.StrategyKind.StaticQuorum when strategy.QuorumSize < 1:
                throw new ClusterSystemSettingsException(prefix + "Strategy.QuorumSize", strategy.QuorumSize, "must be at least 1.");
            case SplitBrainResolverStrategy.StrategyKind.KeepReferee when strategy.DownAllIfLessThanNodes < 1:
                throw new ClusterSystemSettingsException(prefix + "Strategy.DownAllIfLessThanNodes", strategy.DownAllIfLessThanNodes, "must be at least 1.");
            case SplitBrainResolverStrategy.StrategyKind.KeepReferee when sbr.DownAllWhenUnstableAfter is not null:
                throw new ClusterSystemSettingsException(prefix + "DownAllWhenUnstableAfter", sbr.DownAllWhenUnstableAfter,
                    "does not apply to keep-referee, which runs in Akka's legacy resolver; leave it null.");
        }
    }
}
