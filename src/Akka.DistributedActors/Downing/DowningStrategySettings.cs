namespace Akka.DistributedActors;

/// <summary>
/// How this node takes part in downing (Swift's <c>DowningStrategySettings</c>, set on <see cref="ClusterSystemSettings.Downing"/>):
/// <see cref="None"/>, the Swift <see cref="Timeout"/> strategy, a <see cref="Custom"/> strategy, or Akka.NET's own
/// <see cref="SplitBrainResolver"/>. Every node of a cluster should use the same setting. The facade default is
/// <c>SplitBrainResolver(keep-majority)</c>, Akka's default, because the timeout strategy keeps both sides of a partition alive
/// when each side has enough members to elect a leader (see docs/writing-a-downing-strategy.md).
/// </summary>
public sealed class DowningStrategySettings
{
    /// <summary>The kinds of downing.</summary>
    public enum DowningKind
    {
        /// <summary>Nothing is downed automatically; unreachable members stay until someone calls <c>Down</c>.</summary>
        None,

        /// <summary><see cref="TimeoutBasedDowningStrategy"/> in the facade's downing shell.</summary>
        Timeout,

        /// <summary>A user <see cref="IDowningStrategy"/> in the facade's downing shell.</summary>
        Custom,

        /// <summary>Akka.NET's split-brain resolver.</summary>
        SplitBrainResolver,
    }

    private DowningStrategySettings(DowningKind kind, TimeoutBasedDowningStrategySettings? timeout = null,
        Func<DowningContext, IDowningStrategy>? factory = null, SplitBrainResolverSettings? splitBrainResolver = null)
    {
        Kind = kind;
        TimeoutSettings = timeout;
        Factory = factory;
        SplitBrainResolverSettings = splitBrainResolver;
    }

    /// <summary>No automatic downing (<c>akka.cluster.downing-provider-class = ""</c>).</summary>
    public static DowningStrategySettings None { get; } = new(DowningKind.None);

    /// <summary>
    /// Swift's timeout strategy: every node times each unreachable member, the leader marks it Down after
    /// <see cref="TimeoutBasedDowningStrategySettings.DownUnreachableMembersAfter"/> (default 1 s).
    /// </summary>
    public static DowningStrategySettings Timeout(TimeoutBasedDowningStrategySettings? settings = null) =>
        new(DowningKind.Timeout, timeout: settings ?? TimeoutBasedDowningStrategySettings.Default);

    /// <summary>Your own strategy; <paramref name="factory"/> is called once per node when downing starts (again if the shell restarts).</summary>
    public static DowningStrategySettings Custom(Func<DowningContext, IDowningStrategy> factory) =>
        new(DowningKind.Custom, factory: factory ?? throw new ArgumentNullException(nameof(factory)));

    /// <summary>Akka.NET's split-brain resolver with <paramref name="settings"/> (Akka's defaults when null).</summary>
    public static DowningStrategySettings SplitBrainResolver(SplitBrainResolverSettings? settings = null) =>
        new(DowningKind.SplitBrainResolver, splitBrainResolver: settings ?? SplitBrainResolverSettings.Default);

    /// <summary>Which kind of downing.</summary>
    public DowningKind Kind { get; }

    /// <summary>The timeout settings when <see cref="Kind"/> is <see cref="DowningKind.Timeout"/>, else null.</summary>
    public TimeoutBasedDowningStrategySettings? TimeoutSettings { get; }

    /// <summary>The strategy factory when <see cref="Kind"/> is <see cref="DowningKind.Custom"/>, else null.</summary>
    public Func<DowningContext, IDowningStrategy>? Factory { get; }

    /// <summary>The resolver settings when <see cref="Kind"/> is <see cref="DowningKind.SplitBrainResolver"/>, else null.</summary>
    public SplitBrainResolverSettings? SplitBrainResolverSettings { get; }

    // The facade's downing shell runs Timeout and Custom; None and SplitBrainResolver need no shell.
    internal bool RunsInShell => Kind is DowningKind.Timeout or DowningKind.Custom;

    internal IDowningStrategy CreateStrategy(DowningContext context) => Kind switch
    {
        DowningKind.Timeout => new TimeoutBasedDowningStrategy(TimeoutSettings!, context),
        DowningKind.Custom => Factory!(context) ?? throw new InvalidOperationException("The custom downing strategy factory returned null."),
        _ => throw new InvalidOperationException($"Downing {this} is not run by the facade's downing shell."),
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        DowningKind.Timeout => $"Timeout({TimeoutSettings!.DownUnreachableMembersAfter})",
        DowningKind.Custom => "Custom",
        DowningKind.SplitBrainResolver => $"SplitBrainResolver({SplitBrainResolverSettings})",
        _ => "None",
    };
}
