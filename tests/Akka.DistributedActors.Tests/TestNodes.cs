using static Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests;

/// <summary>Hand-made nodes and members for the tests of pure models (membership, downing, the call table): no systems, no network.</summary>
internal static class TestNodes
{
    public static readonly UniqueNode A = Unique("nodeA", "1.1.1.1", 1111, 1);
    public static readonly UniqueNode B = Unique("nodeB", "2.2.2.2", 2222, 2);
    public static readonly UniqueNode C = Unique("nodeC", "3.3.3.3", 3333, 3);
    public static readonly UniqueNode D = Unique("nodeD", "4.4.4.4", 4444, 4);

    /// <summary>A new incarnation of <see cref="A"/>: same endpoint, new Nid (and, as after a restart, another system name).</summary>
    public static readonly UniqueNode A2 = Unique("nodeA-restarted", "1.1.1.1", 1111, 11);

    /// <summary>A third incarnation of <see cref="A"/>.</summary>
    public static readonly UniqueNode A3 = Unique("nodeA", "1.1.1.1", 1111, 111);

    public static UniqueNode Unique(string systemName, string host, int port, ulong nid) => new(new Node(systemName, host, port), nid);

    /// <summary>A node on 127.0.0.1.</summary>
    public static UniqueNode Unique(string systemName, int port, ulong nid) => Unique(systemName, "127.0.0.1", port, nid);

    public static Member Up(UniqueNode node, int upNumber) => new(node, MemberStatus.Up, MemberReachability.Reachable, upNumber);

    /// <summary>A, B and C all Up (up numbers 1, 2, 3), no leader: the starting point of most Swift membership tests.</summary>
    public static Membership InitialMembership => new([Up(A, 1), Up(B, 2), Up(C, 3)]);
}
