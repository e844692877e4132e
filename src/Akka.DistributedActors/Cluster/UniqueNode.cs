namespace Akka.DistributedActors;

/// <summary>
/// One incarnation of a node: its <see cref="Node"/> endpoint plus a unique id (<see cref="Nid"/>, Akka.NET's
/// <c>UniqueAddress.Uid</c>). A node restarted on the same host and port has a new Nid and is a different UniqueNode
/// (Swift's <c>Cluster.Node</c>, formerly <c>UniqueNode</c>).
/// </summary>
public sealed class UniqueNode : IEquatable<UniqueNode>, IComparable<UniqueNode>
{
    /// <summary>Creates a unique node from an endpoint and its incarnation id.</summary>
    public UniqueNode(Node node, ulong nid)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        Nid = nid;
    }

    /// <summary>The endpoint of this incarnation.</summary>
    public Node Node { get; }

    /// <summary>The incarnation id; unique per started system.</summary>
    public ulong Nid { get; }

    /// <summary>Shortcut for <c>Node.SystemName</c>.</summary>
    public string SystemName => Node.SystemName;

    /// <summary>Shortcut for <c>Node.Host</c>.</summary>
    public string Host => Node.Host;

    /// <summary>Shortcut for <c>Node.Port</c>.</summary>
    public int Port => Node.Port;

    /// <inheritdoc />
    public bool Equals(UniqueNode? other) => other is not null && Nid == other.Nid && Node.Equals(other.Node);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as UniqueNode);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, Nid);

    /// <summary>Orders by endpoint (see <see cref="Node.CompareTo"/>), then by Nid.</summary>
    public int CompareTo(UniqueNode? other)
    {
        if (other is null) return 1;
        var c = Node.CompareTo(other.Node);
        return c != 0 ? c : Nid.CompareTo(other.Nid);
    }

    /// <summary>Equality by endpoint and Nid.</summary>
    public static bool operator ==(UniqueNode? left, UniqueNode? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by endpoint and Nid.</summary>
    public static bool operator !=(UniqueNode? left, UniqueNode? right) => !(left == right);

    private string? _text;

    /// <summary><c>protocol://systemName:nid@host:port</c>.</summary>
    public override string ToString() => _text ??= $"{Node.Protocol}://{Node.SystemName}:{Nid}@{Node.Host}:{Node.Port}";
}
