using System.Collections.Immutable;

namespace Akka.DistributedActors;

/// <summary>
/// What a <see cref="IDowningStrategy"/> asks the downing shell to do after an event or a timeout: nothing, start or cancel the
/// timer of a member, or mark members Down (Swift's <c>DowningStrategyDirective</c>). Immutable.
/// </summary>
public sealed class DowningStrategyDirective : IEquatable<DowningStrategyDirective>
{
    /// <summary>The kinds of directive.</summary>
    public enum DirectiveKind
    {
        /// <summary>Do nothing.</summary>
        None,

        /// <summary>Start (or restart) the timer of <see cref="Member"/>; when it fires, <see cref="IDowningStrategy.OnTimeout"/> is called.</summary>
        StartTimer,

        /// <summary>Cancel the timer of <see cref="Member"/>, if any.</summary>
        CancelTimer,

        /// <summary>Mark every member of <see cref="Members"/> Down.</summary>
        MarkAsDown,
    }

    private DowningStrategyDirective(DirectiveKind kind, Cluster.Member? member, TimeSpan delay, ImmutableArray<Cluster.Member> members)
    {
        Kind = kind;
        Member = member;
        Delay = delay;
        Members = members;
    }

    /// <summary>Do nothing.</summary>
    public static DowningStrategyDirective None { get; } = new(DirectiveKind.None, null, TimeSpan.Zero, []);

    /// <summary>Starts the timer of <paramref name="member"/>, replacing a running one; it fires after <paramref name="delay"/> (zero or more).</summary>
    public static DowningStrategyDirective StartTimer(Cluster.Member member, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(member);
        if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timer delay must not be negative.");
        return new(DirectiveKind.StartTimer, member, delay, []);
    }

    /// <summary>Cancels the timer of <paramref name="member"/>; a cancelled timer never reaches <see cref="IDowningStrategy.OnTimeout"/>.</summary>
    public static DowningStrategyDirective CancelTimer(Cluster.Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(DirectiveKind.CancelTimer, member, TimeSpan.Zero, []);
    }

    /// <summary>Marks <paramref name="member"/> Down.</summary>
    public static DowningStrategyDirective MarkAsDown(Cluster.Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(DirectiveKind.MarkAsDown, null, TimeSpan.Zero, [member]);
    }

    /// <summary>Marks every one of <paramref name="members"/> Down; an empty set is the same as <see cref="None"/>.</summary>
    public static DowningStrategyDirective MarkAsDown(IEnumerable<Cluster.Member> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var distinct = members.Distinct().OrderBy(m => m, Cluster.Member.LowestAddressOrdering).ToImmutableArray();
        return distinct.IsEmpty ? None : new(DirectiveKind.MarkAsDown, null, TimeSpan.Zero, distinct);
    }

    /// <summary>Which directive this is.</summary>
    public DirectiveKind Kind { get; }

    /// <summary>The member whose timer to start or cancel; null for the other kinds.</summary>
    public Cluster.Member? Member { get; }

    /// <summary>The timer delay of <see cref="DirectiveKind.StartTimer"/>; zero otherwise.</summary>
    public TimeSpan Delay { get; }

    /// <summary>The members to mark Down (lowest address first); empty for the other kinds.</summary>
    public ImmutableArray<Cluster.Member> Members { get; }

    /// <summary>Equal when kind, member, delay and the set of members are equal.</summary>
    public bool Equals(DowningStrategyDirective? other) =>
        other is not null && Kind == other.Kind && Equals(Member, other.Member) && Delay == other.Delay &&
        Members.SequenceEqual(other.Members);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DowningStrategyDirective);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Kind, Member, Delay, Members.Length);

    /// <summary><c>None</c>, <c>StartTimer(node, delay)</c>, <c>CancelTimer(node)</c> or <c>MarkAsDown([nodes])</c>.</summary>
    public override string ToString() => Kind switch
    {
        DirectiveKind.StartTimer => $"StartTimer({Member!.Node}, {Delay})",
        DirectiveKind.CancelTimer => $"CancelTimer({Member!.Node})",
        DirectiveKind.MarkAsDown => $"MarkAsDown([{string.Join(", ", Members.Select(m => m.Node))}])",
        _ => "None",
    };
}
