using System.Collections;
using System.Collections.Immutable;

namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// An immutable view of the cluster: its members and its leader. Every <c>Apply*</c> operation returns the next membership and
    /// leaves this one untouched, so a membership can be handed to any thread. Statuses only move forward, Removed members are
    /// dropped (and the last <see cref="RemovedNodesRemembered"/> removed nodes cannot come back), and a member joining on an
    /// endpoint already held by another incarnation replaces it (the old one goes Down).
    /// </summary>
    public sealed class Membership : IReadOnlyCollection<Member>, IEquatable<Membership>
    {
        // Member equality is by node only, so values must be compared by reference: otherwise SetItem would keep a stale
        // member whose status or reachability changed.
        private static readonly ImmutableDictionary<UniqueNode, Member> NoMembers =
            ImmutableDictionary.Create<UniqueNode, Member>(EqualityComparer<UniqueNode>.Default, ReferenceEqualityComparer.Instance);

        /// <summary>How many removed nodes a membership remembers in order to ignore late changes about them: 1024.</summary>
        public const int RemovedNodesRemembered = 1024;

        private readonly ImmutableDictionary<UniqueNode, Member> _members;
        private readonly UniqueNode? _leaderNode;

        // Removed is final: a late or duplicated change about a removed incarnation must not bring it back (Akka never
        // re-admits a removed UniqueAddress either). Bounded, oldest forgotten first, so a long-lived membership does not grow.
        private readonly ImmutableHashSet<UniqueNode> _removed;
        private readonly ImmutableQueue<UniqueNode> _removedOrder;

        private Membership(ImmutableDictionary<UniqueNode, Member> members, UniqueNode? leaderNode,
            ImmutableHashSet<UniqueNode> removed, ImmutableQueue<UniqueNode> removedOrder)
        {
            _members = members;
            _leaderNode = leaderNode;
            _removed = removed;
            _removedOrder = removedOrder;
        }

        /// <summary>Creates a membership of the given members (later duplicates of a node win) and optional leader.</summary>
        public Membership(IEnumerable<Member> members, UniqueNode? leader = null)
            : this(members.Aggregate(NoMembers, (d, m) => d.SetItem(m.Node, m)), leader, [], []) { }

        /// <summary>No members, no leader.</summary>
        public static Membership Empty { get; } = new([]);

        /// <summary>Number of members (Removed members are not kept).</summary>
        public int Count => _members.Count;

        /// <summary>The leader, or null when there is none or the leader is no longer a member.</summary>
        public Member? Leader => _leaderNode is not null && _members.TryGetValue(_leaderNode, out var m) ? m : null;

        /// <summary>This membership without a leader.</summary>
        public Membership Leaderless => _leaderNode is null ? this : With(_members, null);

        /// <summary>True when <paramref name="node"/> is the leader.</summary>
        public bool IsLeader(UniqueNode node) => Leader?.Node.Equals(node) == true;

        /// <summary>True when <paramref name="member"/> is the leader.</summary>
        public bool IsLeader(Member member) => IsLeader(member.Node);

        /// <summary>True when <paramref name="node"/> is a member.</summary>
        public bool Contains(UniqueNode node) => _members.ContainsKey(node);

        /// <summary>The member of that exact node incarnation, or null (Swift's <c>member(_:)</c>).</summary>
        public Member? FindMember(UniqueNode node) => _members.GetValueOrDefault(node);

        /// <summary>The least progressed member on that endpoint (host and port), or null (Swift's <c>anyMember(forEndpoint:)</c>).</summary>
        public Member? AnyMember(Node endpoint) =>
            _members.Values.Where(m => m.Node.Node.Equals(endpoint)).OrderBy(m => m.Status).FirstOrDefault();

        /// <summary>The member whose node has this Nid, or null.</summary>
        public Member? MemberByNid(ulong nid) => _members.Values.FirstOrDefault(m => m.Node.Nid == nid);

        /// <summary>The youngest member (highest up number; members not yet up count as youngest), or null when empty.</summary>
        public Member? YoungestMember() => _members.Values.OrderBy(m => m, Member.AgeOrdering).LastOrDefault();

        /// <summary>The oldest member (lowest up number), or null when empty.</summary>
        public Member? OldestMember() => _members.Values.OrderBy(m => m, Member.AgeOrdering).FirstOrDefault();

        /// <summary>Number of members whose status is <paramref name="status"/> or later.</summary>
        public int CountAtLeast(MemberStatus status) => _members.Values.Count(m => m.Status >= status);

        /// <summary>Number of members whose status is <paramref name="status"/> or earlier.</summary>
        public int CountAtMost(MemberStatus status) => _members.Values.Count(m => m.Status <= status);

        /// <summary>Number of members with exactly <paramref name="status"/>.</summary>
        public int CountWithStatus(MemberStatus status) => _members.Values.Count(m => m.Status == status);

        /// <summary>Members with exactly <paramref name="status"/>, optionally only those with the given reachability.</summary>
        public IReadOnlyList<Member> MembersWithStatus(MemberStatus status, MemberReachability? reachability = null) =>
            Select(m => m.Status == status, reachability);

        /// <summary>Members whose status is one of <paramref name="statuses"/>, optionally only those with the given reachability.</summary>
        public IReadOnlyList<Member> MembersWithStatus(IEnumerable<MemberStatus> statuses, MemberReachability? reachability = null)
        {
            var set = statuses.ToHashSet();
            return Select(m => set.Contains(m.Status), reachability);
        }

        /// <summary>Members whose status is <paramref name="status"/> or later, optionally only those with the given reachability.</summary>
        public IReadOnlyList<Member> MembersAtLeast(MemberStatus status, MemberReachability? reachability = null) =>
            Select(m => m.Status >= status, reachability);

        /// <summary>Members whose status is <paramref name="status"/> or earlier, optionally only those with the given reachability.</summary>
        public IReadOnlyList<Member> MembersAtMost(MemberStatus status, MemberReachability? reachability = null) =>
            Select(m => m.Status <= status, reachability);

        private IReadOnlyList<Member> Select(Func<Member, bool> statusFilter, MemberReachability? reachability) =>
            _members.Values.Where(m => statusFilter(m) && (reachability is null || m.Reachability == reachability))
                .OrderBy(m => m, Member.LowestAddressOrdering).ToList();

        /// <summary>
        /// Applies any event: a <see cref="Snapshot"/> replaces the membership, the other events go to the matching <c>Apply*</c>.
        /// Throws <see cref="MembershipError"/> for a leadership change to a non-member.
        /// </summary>
        public Membership Apply(Event e) => e switch
        {
            Snapshot s => s.Membership,
            MembershipChange c => ApplyMembershipChange(c, out _),
            ReachabilityChange r => ApplyReachabilityChange(r, out _),
            LeadershipChange l => ApplyLeadershipChange(l.NewLeader, out _),
            null => throw new ArgumentNullException(nameof(e)),
            _ => throw new ArgumentException($"Unknown cluster event type {e.GetType().FullName}.", nameof(e)),
        };

        /// <summary>
        /// Applies a status change and reports the effective change (null when nothing changed). Removed drops the member (from
        /// any status, as Akka removes Exiting members too); statuses only move forward; an unknown node first seen at Leaving or
        /// later, or a removed node, is ignored; a new incarnation on a known endpoint replaces the old one, which is marked Down
        /// and stays until its own removal.
        /// </summary>
        public Membership ApplyMembershipChange(MembershipChange change, out MembershipChange? effective)
        {
            ArgumentNullException.ThrowIfNull(change);
            if (change.Status == MemberStatus.Removed)
                return RemoveCompletely(change.Node, out effective);
            if (_members.ContainsKey(change.Node))
                return MarkKnown(change.Member, change.Status, out effective);
            if (change.Status >= MemberStatus.Leaving || _removed.Contains(change.Node))
            {
                effective = null;
                return this;
            }
            return Insert(change.Member, change.Replaced, out effective);
        }

        /// <summary>Adds <paramref name="node"/> as Joining (replacing an older incarnation on its endpoint); the change is null if it is already a member or was removed.</summary>
        public Membership Join(UniqueNode node, out MembershipChange? change)
        {
            if (_members.ContainsKey(node) || _removed.Contains(node))
            {
                change = null;
                return this;
            }
            return Insert(new Member(node, MemberStatus.Joining), null, out change);
        }

        /// <summary>This membership with <paramref name="node"/> joined (see <see cref="Join"/>).</summary>
        public Membership Joining(UniqueNode node) => Join(node, out _);

        /// <summary>
        /// Moves <paramref name="node"/> forward to <paramref name="status"/>; null change when it would not move forward.
        /// Removed is reached only from Down (as <see cref="Member.MoveForward"/>) and drops the member. An unknown incarnation
        /// on a known endpoint marked Joining or Up becomes a replacement; any other unknown node is not added.
        /// </summary>
        public Membership Mark(UniqueNode node, MemberStatus status, out MembershipChange? change)
        {
            if (_members.TryGetValue(node, out var current))
            {
                if (status != MemberStatus.Removed) return MarkKnown(new Member(node, status), status, out change);
                if (current.Status == MemberStatus.Down) return RemoveCompletely(node, out change);
            }
            // Same rule as ApplyMembershipChange for unknown nodes, so that the reported change replays to the same membership.
            else if (status < MemberStatus.Leaving && !_removed.Contains(node) && AnyMember(node.Node) is not null)
            {
                return Insert(new Member(node, status), null, out change);
            }
            change = null;
            return this;
        }

        /// <summary>This membership with <paramref name="node"/> marked (see <see cref="Mark(UniqueNode, MemberStatus, out MembershipChange?)"/>).</summary>
        public Membership Marking(UniqueNode node, MemberStatus status) => Mark(node, status, out _);

        /// <summary>Sets the reachability of <paramref name="node"/>; <paramref name="changed"/> is the updated member, or null when nothing changed.</summary>
        public Membership Mark(UniqueNode node, MemberReachability reachability, out Member? changed)
        {
            if (!_members.TryGetValue(node, out var m) || m.Reachability == reachability)
            {
                changed = null;
                return this;
            }
            changed = m.With(reachability: reachability);
            return With(_members.SetItem(node, changed), _leaderNode);
        }

        /// <summary>Applies a reachability change; <paramref name="effective"/> is null when the member is unknown or already had that reachability.</summary>
        public Membership ApplyReachabilityChange(ReachabilityChange change, out ReachabilityChange? effective)
        {
            ArgumentNullException.ThrowIfNull(change);
            var next = Mark(change.Member.Node, change.Reachability, out var changed);
            effective = changed is null ? null : new ReachabilityChange(changed);
            return next;
        }

        /// <summary>
        /// Makes <paramref name="leader"/> the leader (null clears it); <paramref name="effective"/> is null when the leader did not change.
        /// An empty membership first joins the leader. Throws <see cref="MembershipError"/> when the leader is not a member.
        /// </summary>
        public Membership ApplyLeadershipChange(Member? leader, out LeadershipChange? effective)
        {
            var oldLeader = Leader;
            if (leader is null)
            {
                effective = oldLeader is null ? null : new LeadershipChange(oldLeader, null);
                return _leaderNode is null ? this : With(_members, null);
            }
            var members = _members.IsEmpty ? Joining(leader.Node)._members : _members;
            if (!members.TryGetValue(leader.Node, out var newLeader))
                throw new MembershipError(MembershipError.ErrorKind.NonMemberLeaderSelected,
                    $"Selected leader {leader.Node} is not a member of {this}.");
            if (newLeader.Equals(oldLeader))
            {
                effective = null;
                return this;
            }
            effective = new LeadershipChange(oldLeader, newLeader);
            return With(members, newLeader.Node);
        }

        /// <summary>Applies a leadership change (null does nothing); see <see cref="ApplyLeadershipChange(Member?, out LeadershipChange?)"/>.</summary>
        public Membership ApplyLeadershipChange(LeadershipChange? change, out LeadershipChange? effective)
        {
            if (change is null)
            {
                effective = null;
                return this;
            }
            return ApplyLeadershipChange(change.NewLeader, out effective);
        }

        /// <summary>Drops <paramref name="node"/> whatever its status and remembers it as removed; the change (to Removed) is null when it was not a member.</summary>
        public Membership RemoveCompletely(UniqueNode node, out MembershipChange? change)
        {
            if (!_members.TryGetValue(node, out var m))
            {
                change = null;
                return this;
            }
            change = new MembershipChange(m.With(status: MemberStatus.Removed), m.Status);
            var removed = _removed.Add(node);
            var removedOrder = _removedOrder.Enqueue(node);
            if (removed.Count > RemovedNodesRemembered)
            {
                removedOrder = removedOrder.Dequeue(out var forgotten);
                removed = removed.Remove(forgotten);
            }
            // A removed leader is no leader; dropping its node keeps it from becoming leader again by rejoining.
            var leader = node.Equals(_leaderNode) ? null : _leaderNode;
            return new Membership(_members.Remove(node), leader, removed, removedOrder);
        }

        /// <summary>This membership without <paramref name="node"/>.</summary>
        public Membership RemovingCompletely(UniqueNode node) => RemoveCompletely(node, out _);

        private Membership MarkKnown(Member incoming, MemberStatus status, out MembershipChange? effective)
        {
            var current = _members[incoming.Node];
            if (status <= current.Status)
            {
                effective = null;
                return this;
            }
            var upNumber = current.UpNumber ?? (status >= MemberStatus.Up ? incoming.UpNumber ?? NextUpNumber() : null);
            var roles = incoming.Roles.IsEmpty ? current.Roles : incoming.Roles;
            var updated = new Member(current.Node, status, current.Reachability, upNumber, roles, incoming.AppVersion ?? current.AppVersion);
            effective = new MembershipChange(updated, current.Status);
            return With(_members.SetItem(updated.Node, updated), _leaderNode);
        }

        private Membership Insert(Member member, Member? knownReplaced, out MembershipChange? effective)
        {
            if (member.Status >= MemberStatus.Up && member.UpNumber is null)
                member = member.With(upNumber: NextUpNumber());
            var members = _members;
            var previous = _members.Values.Where(m => m.Node.Node.Equals(member.Node.Node)).OrderBy(m => m.Status).FirstOrDefault();
            if (previous is not null)
            {
                // Another incarnation holds this endpoint: it cannot be alive any more, so it goes Down. It stays a member
                // until its own removal arrives, so that every observer sees that Removed change too.
                members = members.SetItem(previous.Node, previous.AsDownIfNotAlready);
                effective = new MembershipChange(member, previous.Status, previous);
            }
            else
            {
                effective = new MembershipChange(member, knownReplaced?.Status, knownReplaced);
            }
            return With(members.SetItem(member.Node, member), _leaderNode);
        }

        private Membership With(ImmutableDictionary<UniqueNode, Member> members, UniqueNode? leaderNode) =>
            new(members, leaderNode, _removed, _removedOrder);

        private int NextUpNumber() => (_members.Values.Max(m => m.UpNumber) ?? 0) + 1;

        /// <summary>Equal when leaders are the same node and every member has the same node, status and reachability (up numbers and roles are ignored).</summary>
        public bool Equals(Membership? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            if (!Equals(Leader?.Node, other.Leader?.Node) || Count != other.Count) return false;
            foreach (var (node, m) in _members)
            {
                if (!other._members.TryGetValue(node, out var o) || o.Status != m.Status || o.Reachability != m.Reachability)
                    return false;
            }
            return true;
        }

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as Membership);

        /// <inheritdoc />
        public override int GetHashCode() => HashCode.Combine(Count, Leader?.Node);

        /// <summary>Members in lowest-address order.</summary>
        public IEnumerator<Member> GetEnumerator() => _members.Values.OrderBy(m => m, Member.LowestAddressOrdering).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary><c>Membership(count: n, leader: l, members: [...])</c>.</summary>
        public override string ToString() =>
            $"Membership(count: {Count}, leader: {Leader?.Node.ToString() ?? "none"}, members: [{string.Join(", ", this)}])";
    }
}
