namespace Akka.DistributedActors;

/// <summary>Settings of <see cref="TimeoutBasedDowningStrategy"/> (Swift's <c>TimeoutBasedDowningStrategySettings</c>).</summary>
public sealed class TimeoutBasedDowningStrategySettings
{
    /// <summary>How long a member must stay unreachable before the leader marks it Down; default 1 s (as in Swift). Zero or more.</summary>
    public TimeSpan DownUnreachableMembersAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>New default settings (1 s).</summary>
    public static TimeoutBasedDowningStrategySettings Default => new();

    /// <inheritdoc />
    public override string ToString() => $"TimeoutBasedDowningStrategySettings(downUnreachableMembersAfter: {DownUnreachableMembersAfter})";
}
