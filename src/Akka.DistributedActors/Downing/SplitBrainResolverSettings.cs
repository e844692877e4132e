namespace Akka.DistributedActors;

/// <summary>
/// Settings of Akka.NET's own split-brain resolver (<c>akka.cluster.split-brain-resolver</c>), used with
/// <see cref="DowningStrategySettings.SplitBrainResolver"/>. Defaults are Akka's: keep-majority, stable after 20 s,
/// down-all-when-unstable on.
/// </summary>
public sealed class SplitBrainResolverSettings
{
    /// <summary>Which side survives a partition; default <see cref="SplitBrainResolverStrategy.KeepMajority"/>.</summary>
    public SplitBrainResolverStrategy Strategy { get; set; } = SplitBrainResolverStrategy.KeepMajority();

    /// <summary>How long membership and reachability must stay unchanged before the resolver decides; default 20 s.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// When reachability keeps changing for too long, down all members (Akka's <c>down-all-when-unstable</c>); default true.
    /// Not used by keep-referee.
    /// </summary>
    public bool DownAllWhenUnstable { get; set; } = true;

    /// <summary>
    /// How long "too long" is, counted after <see cref="StableAfter"/>; null (default) lets Akka derive it
    /// (3/4 of <see cref="StableAfter"/>, at least 4 s).
    /// </summary>
    public TimeSpan? DownAllWhenUnstableAfter { get; set; }

    /// <summary>New settings with Akka's defaults.</summary>
    public static SplitBrainResolverSettings Default => new();

    /// <inheritdoc />
    public override string ToString() =>
        $"SplitBrainResolverSettings({Strategy}, stableAfter: {StableAfter}, downAllWhenUnstable: " +
        (DownAllWhenUnstable ? DownAllWhenUnstableAfter?.ToString() ?? "on" : "off") + ")";
}
