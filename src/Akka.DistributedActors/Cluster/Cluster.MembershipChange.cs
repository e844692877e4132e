namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// A member's status changed. <see cref="PreviousStatus"/> is null for a member seen for the first time. For a node
    /// restarted on the same endpoint with a new Nid, <see cref="IsReplacement"/> is true and <see cref="Replaced"/> is the old
    /// incarnation (its Down change is published before this one).
    /// </summary>
    public sealed class MembershipChange : Event, IEquatable<MembershipChange>
    {
        /// <summary>
        /// A change of <paramref name="member"/> (already carrying its new status) from <paramref name="previousStatus"/>;
        /// <paramref name="replaced"/>, if given, must be another incarnation on the same endpoint.
        /// </summary>
        public MembershipChange(Member member, MemberStatus? previousStatus, Member? replaced = null)
        {
            Member = member ?? throw new ArgumentNullException(nameof(member));
            if (replaced is not null && (!replaced.Node.Node.Equals(member.Node.Node) || replaced.Node.Equals(member.Node)))
                throw new ArgumentException(
                    $"A replaced member must be another incarnation on the same endpoint as {member.Node}, but was {replaced.Node}.", nameof(replaced));
            PreviousStatus = previousStatus;
            Replaced = replaced;
        }

        /// <summary>The member after the change.</summary>
        public Member Member { get; }

        /// <summary>Shortcut for <c>Member.Node</c>.</summary>
        public UniqueNode Node => Member.Node;

        /// <summary>The status before the change; null means a new member (or, with <see cref="IsReplacement"/>, the replaced member's status is used).</summary>
        public MemberStatus? PreviousStatus { get; }

        /// <summary>The status after the change.</summary>
        public MemberStatus Status => Member.Status;

        /// <summary>The previous incarnation on the same endpoint that this member replaces, or null.</summary>
        public Member? Replaced { get; }

        /// <summary>True when this member replaces an earlier incarnation on the same endpoint.</summary>
        public bool IsReplacement => Replaced is not null;

        /// <summary>Status is Joining.</summary>
        public bool IsJoining => Status == MemberStatus.Joining;

        /// <summary>Status is Up.</summary>
        public bool IsUp => Status == MemberStatus.Up;

        /// <summary>Status is Leaving.</summary>
        public bool IsLeaving => Status == MemberStatus.Leaving;

        /// <summary>Status is Down.</summary>
        public bool IsDown => Status == MemberStatus.Down;

        /// <summary>Status is Removed.</summary>
        public bool IsRemoval => Status == MemberStatus.Removed;

        /// <summary>Status is <paramref name="status"/> or later.</summary>
        public bool IsAtLeast(MemberStatus status) => Status >= status;

        /// <summary>Equal when member, previous status, status and replaced member are equal.</summary>
        public bool Equals(MembershipChange? other) =>
            other is not null && Member.Equals(other.Member) && PreviousStatus == other.PreviousStatus &&
            Status == other.Status && Equals(Replaced, other.Replaced);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as MembershipChange);

        /// <inheritdoc />
        public override int GetHashCode() => Member.GetHashCode();

        /// <summary><c>node :: [previous] -> [status]</c>.</summary>
        public override string ToString() =>
            (Replaced is null ? "" : $"[replaced:{Replaced}] by ") +
            $"{Node} :: [{(PreviousStatus?.ToString() ?? "unknown"),7}] -> [{Status,7}]";
    }
}
