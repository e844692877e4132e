namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>The cluster leader changed (null means no leader). Never created with equal old and new leader.</summary>
    public sealed class LeadershipChange : Event, IEquatable<LeadershipChange>
    {
        /// <summary>Creates a change; throws when old and new leader are the same member (Swift's failable init).</summary>
        public LeadershipChange(Member? oldLeader, Member? newLeader)
        {
            if (Equals(oldLeader, newLeader))
                throw new ArgumentException($"A leadership change needs different leaders, but both were {oldLeader?.ToString() ?? "null"}.", nameof(newLeader));
            OldLeader = oldLeader;
            NewLeader = newLeader;
        }

        /// <summary>The leader before the change, or null.</summary>
        public Member? OldLeader { get; }

        /// <summary>The leader after the change, or null when the cluster has no leader now.</summary>
        public Member? NewLeader { get; }

        /// <inheritdoc />
        public bool Equals(LeadershipChange? other) => other is not null && Equals(OldLeader, other.OldLeader) && Equals(NewLeader, other.NewLeader);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as LeadershipChange);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(OldLeader, NewLeader);

        /// <inheritdoc />
        public override string ToString() => $"LeadershipChange({OldLeader?.Node.ToString() ?? "none"} -> {NewLeader?.Node.ToString() ?? "none"})";
    }
}
