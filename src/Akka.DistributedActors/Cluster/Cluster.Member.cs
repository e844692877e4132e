using System.Collections.Immutable;

namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// A node's membership in the cluster: its <see cref="UniqueNode"/>, lifecycle <see cref="Status"/>, <see cref="Reachability"/>,
    /// age (<see cref="UpNumber"/>) and roles. Immutable. Two members are equal when their nodes are equal (status and reachability
    /// are ignored, as in Swift).
    /// </summary>
    public sealed class Member : IEquatable<Member>
    {
        /// <summary>Creates a reachable member with no up number and no roles.</summary>
        public Member(UniqueNode node, MemberStatus status)
            : this(node, status, MemberReachability.Reachable, null, ImmutableHashSet<string>.Empty) { }

        /// <summary>Creates a member with every field given (<paramref name="appVersion"/> null when not known).</summary>
        public Member(UniqueNode node, MemberStatus status, MemberReachability reachability, int? upNumber, IEnumerable<string>? roles = null,
            string? appVersion = null)
        {
            AppVersion = appVersion;
            Node = node ?? throw new ArgumentNullException(nameof(node));
            Status = status;
            Reachability = reachability;
            UpNumber = upNumber;
            Roles = roles as ImmutableHashSet<string> ?? (roles is null ? ImmutableHashSet<string>.Empty : roles.ToImmutableHashSet());
        }

        /// <summary>The node incarnation this member is.</summary>
        public UniqueNode Node { get; }

        /// <summary>Lifecycle status.</summary>
        public MemberStatus Status { get; }

        /// <summary>Reachability as seen by this node's cluster (Akka: unreachable when any member's failure detector says so).</summary>
        public MemberReachability Reachability { get; }

        /// <summary>Age: the order in which the leader moved members up (lower is older); null until the member is up.</summary>
        public int? UpNumber { get; }

        /// <summary>The member's roles (<c>settings.Roles</c> of that node).</summary>
        public ImmutableHashSet<string> Roles { get; }

        /// <summary>
        /// The application version the member's node runs (its <c>settings.AppVersion</c>, Akka's <c>app-version</c>), e.g. to prefer
        /// nodes of the new version during a rolling update; null when not known (a member this node has only heard of).
        /// </summary>
        public string? AppVersion { get; }

        /// <summary>Shortcut for <see cref="MemberReachability.Reachable"/>.</summary>
        public bool IsReachable => Reachability == MemberReachability.Reachable;

        /// <summary>This member with <see cref="MemberReachability.Unreachable"/>.</summary>
        public Member AsUnreachable => Reachability == MemberReachability.Unreachable ? this : With(reachability: MemberReachability.Unreachable);

        /// <summary>This member with <see cref="MemberReachability.Reachable"/>.</summary>
        public Member AsReachable => Reachability == MemberReachability.Reachable ? this : With(reachability: MemberReachability.Reachable);

        /// <summary>This member as <see cref="MemberStatus.Down"/>, unless it is already Down or Removed.</summary>
        public Member AsDownIfNotAlready => Status >= MemberStatus.Down ? this : With(status: MemberStatus.Down);

        /// <summary>
        /// The change that moves this member forward to <paramref name="status"/>, or null when that would not move it forward
        /// (same or earlier status, or Removed from anything but Down).
        /// </summary>
        public MembershipChange? MoveForward(MemberStatus status)
        {
            if (status <= Status) return null;
            if (status == MemberStatus.Removed && Status != MemberStatus.Down) return null;
            return new MembershipChange(With(status: status), Status);
        }

        /// <summary>A copy with the given fields replaced.</summary>
        public Member With(MemberStatus? status = null, MemberReachability? reachability = null, int? upNumber = null, IEnumerable<string>? roles = null) =>
            new(Node, status ?? Status, reachability ?? Reachability, upNumber ?? UpNumber, roles ?? Roles, AppVersion);

        /// <summary>Oldest first: ascending <see cref="UpNumber"/>; members that are not up yet sort last, ties by address.</summary>
        public static IComparer<Member> AgeOrdering { get; } = Comparer<Member>.Create((a, b) =>
        {
            var c = (a.UpNumber ?? int.MaxValue).CompareTo(b.UpNumber ?? int.MaxValue);
            return c != 0 ? c : a.Node.CompareTo(b.Node);
        });

        /// <summary>Lowest address first (the order Akka.NET elects leaders by).</summary>
        public static IComparer<Member> LowestAddressOrdering { get; } = Comparer<Member>.Create((a, b) => a.Node.CompareTo(b.Node));

        /// <inheritdoc />
        public bool Equals(Member? other) => other is not null && Node.Equals(other.Node);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as Member);

        /// <inheritdoc />
        public override int GetHashCode() => Node.GetHashCode();

        /// <summary><c>Member(node, status: s, reachability: r)</c>.</summary>
        public override string ToString() => $"Member({Node}, status: {Status}, reachability: {Reachability})";
    }
}
