namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>A member became unreachable or reachable again, as judged by the failure detector.</summary>
    public sealed class ReachabilityChange : Event, IEquatable<ReachabilityChange>
    {
        /// <summary>The member carrying its new reachability.</summary>
        public ReachabilityChange(Member member) => Member = member ?? throw new ArgumentNullException(nameof(member));

        /// <summary>The member after the change.</summary>
        public Member Member { get; }

        /// <summary>The new reachability.</summary>
        public MemberReachability Reachability => Member.Reachability;

        /// <summary>The member became reachable.</summary>
        public bool ToReachable => Reachability == MemberReachability.Reachable;

        /// <summary>The member became unreachable.</summary>
        public bool ToUnreachable => Reachability == MemberReachability.Unreachable;

        /// <inheritdoc />
        public bool Equals(ReachabilityChange? other) => other is not null && Member.Equals(other.Member) && Reachability == other.Reachability;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as ReachabilityChange);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Member, Reachability);

        /// <inheritdoc />
        public override string ToString() => $"ReachabilityChange({Member.Node} -> {Reachability})";
    }
}
