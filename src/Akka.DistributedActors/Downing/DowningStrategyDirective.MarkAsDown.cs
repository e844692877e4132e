using System.Collections.Immutable;

namespace Akka.DistributedActors;

public abstract partial record DowningStrategyDirective
{
    /// <summary>Mark every one of <see cref="Members"/> Down.</summary>
    public sealed record MarkAsDown : DowningStrategyDirective
    {
        /// <summary>Marks <paramref name="members"/> Down; duplicates count once.</summary>
        public MarkAsDown(IEnumerable<Cluster.Member> members)
        {
            ArgumentNullException.ThrowIfNull(members);
            Members = members.Distinct().OrderBy(m => m, Cluster.Member.LowestAddressOrdering).ToImmutableArray();
        }

        /// <summary>The members to mark Down, lowest address first.</summary>
        public ImmutableArray<Cluster.Member> Members { get; }

        /// <summary>Equal when the sets of members are equal.</summary>
        public bool Equals(MarkAsDown? other) => other is not null && Members.SequenceEqual(other.Members);

        /// <inheritdoc />
        public override int GetHashCode() => Members.Aggregate(Members.Length, HashCode.Combine);

        /// <inheritdoc />
        public override string ToString() => $"MarkAsDown([{string.Join(", ", Members.Select(m => m.Node))}])";
    }
}
