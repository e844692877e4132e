namespace Akka.DistributedActors;

/// <summary>
/// Short factories of <see cref="DowningStrategyDirective"/>s, written to read like Swift's cases after
/// <c>using static Akka.DistributedActors.DowningDirectives;</c> (<c>return StartTimer(member, delay);</c>).
/// </summary>
public static class DowningDirectives
{
    /// <summary>Do nothing.</summary>
    public static DowningStrategyDirective None => DowningStrategyDirective.None.Instance;

    /// <summary>Starts the timer of <paramref name="member"/>, replacing a running one; it fires after <paramref name="delay"/> (zero or more).</summary>
    public static DowningStrategyDirective StartTimer(Cluster.Member member, TimeSpan delay) => new DowningStrategyDirective.StartTimer(member, delay);

    /// <summary>Cancels the timer of <paramref name="member"/>.</summary>
    public static DowningStrategyDirective CancelTimer(Cluster.Member member) => new DowningStrategyDirective.CancelTimer(member);

    /// <summary>Marks <paramref name="member"/> Down.</summary>
    public static DowningStrategyDirective MarkAsDown(Cluster.Member member) => new DowningStrategyDirective.MarkAsDown([member]);

    /// <summary>Marks every one of <paramref name="members"/> Down; an empty set is <see cref="None"/>.</summary>
    public static DowningStrategyDirective MarkAsDown(IEnumerable<Cluster.Member> members)
    {
        var directive = new DowningStrategyDirective.MarkAsDown(members);
        return directive.Members.IsEmpty ? None : directive;
    }
}
