using System.Collections.Immutable;

namespace Akka.DistributedActors;

/// <summary>
/// One listing from a discovery, cleaned up: the valid node endpoints in one deterministic order (host, then port: the order
/// every node computes alike) and a description of each entry that was rejected. Pure; no I/O.
/// </summary>
internal sealed class SeedNodeListing
{
    private SeedNodeListing(ImmutableArray<Node> nodes, ImmutableArray<string> rejected)
    {
        Nodes = nodes;
        Rejected = rejected;
    }

    public static SeedNodeListing Empty { get; } = new([], []);

    /// <summary>Distinct valid endpoints, lowest first.</summary>
    public ImmutableArray<Node> Nodes { get; }

    /// <summary>Entries that could not be used, each with the reason.</summary>
    public ImmutableArray<string> Rejected { get; }

    /// <summary>
    /// Maps every instance to a node; an instance whose mapping throws, or that has an invalid host or port, is rejected and
    /// described with <paramref name="describe"/> (default: its ToString).
    /// </summary>
    public static SeedNodeListing Create<T>(IEnumerable<T> instances, Func<T, Node> map, Func<T, string>? describe = null)
    {
        describe ??= instance => instance?.ToString() ?? "null";
        var nodes = new SortedSet<Node>();
        var rejected = ImmutableArray.CreateBuilder<string>();
        foreach (var instance in instances)
        {
            Node node;
            try
            {
                node = map(instance);
            }
            catch (Exception e)
            {
                rejected.Add($"[{describe(instance)}]: cannot be mapped to a node ({e.GetType().Name}: {e.Message})");
                continue;
            }
            if (Problem(node) is { } problem)
            {
                rejected.Add($"[{describe(instance)}]: {problem}");
                continue;
            }
            // Only host and port identify a listed node; protocol and system name come from this node's own address.
            nodes.Add(new Node(node.Host, node.Port));
        }
        return new SeedNodeListing([.. nodes], rejected.ToImmutable());
    }

    /// <summary>
    /// The seed nodes to hand to Akka's <c>JoinSeedNodes</c>. Akka lets only the first seed node found a new cluster, so the
    /// listing order decides who may found. When this node is first but may not found yet (too few contact points, listing not
    /// stable), it is left out: it can still join a cluster one of the others already belongs to, but cannot start one.
    /// </summary>
    public ImmutableArray<Node> SeedsFor(Node self, bool mayFound)
    {
        if (Nodes.IsEmpty) return [];
        return IsFirst(self) && !mayFound ? Nodes.RemoveAt(0) : Nodes;
    }

    /// <summary>True when <paramref name="self"/> is the lowest listed endpoint, the only one that may found a cluster.</summary>
    public bool IsFirst(Node self) => !Nodes.IsEmpty && SameEndpoint(Nodes[0], self);

    /// <summary>True when both listings contain the same endpoints.</summary>
    public bool SameNodes(SeedNodeListing other) => Nodes.SequenceEqual(other.Nodes);

    // Hosts compare ignoring case, as Node and Akka.NET addresses do.
    internal static bool SameEndpoint(Node a, Node b) => a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);

    private static string? Problem(Node? node)
    {
        if (node is null) return "mapped to no node (null)";
        if (Uri.CheckHostName(node.Host) == UriHostNameType.Unknown) return $"host \"{node.Host}\" is not a valid host name or IP address";
        if (node.Port is < 1 or > 65535) return $"port {node.Port} is not a port a node can listen on (1-65535)";
        return null;
    }

    /// <inheritdoc />
    public override string ToString() => $"[{string.Join(", ", Nodes.Select(n => $"{n.Host}:{n.Port}"))}]";
}
