namespace Akka.DistributedActors;

/// <summary>
/// A network endpoint of a cluster node: protocol, the node's own system name, host and port (Swift's <c>Cluster.Endpoint</c>,
/// formerly <c>Node</c>). Two nodes are equal when protocol, host and port are equal; the system name is informational.
/// Host names compare case-insensitively, as in Akka.NET's <c>Address</c> (and DNS).
/// </summary>
public sealed class Node : IEquatable<Node>, IComparable<Node>
{
    /// <summary>The protocol used by Akka.NET remoting when none is given: <c>akka.tcp</c>.</summary>
    public const string DefaultProtocol = "akka.tcp";

    /// <summary>Creates an endpoint; <paramref name="protocol"/> defaults to <see cref="DefaultProtocol"/>.</summary>
    public Node(string systemName, string host, int port, string protocol = DefaultProtocol)
    {
        ArgumentNullException.ThrowIfNull(systemName);
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(protocol);
        if (port is < 0 or > 65535)
            throw new ArgumentOutOfRangeException(nameof(port), port, $"Node port must be between 0 and 65535, but was {port}.");
        SystemName = systemName;
        Host = host;
        _hostKey = host.ToLowerInvariant();
        Port = port;
        Protocol = protocol;
    }

    /// <summary>Creates an endpoint with an empty system name, for joining by host and port.</summary>
    public Node(string host, int port) : this("", host, port) { }

    // Akka.NET compares hosts by their lower-invariant form, both for Address equality and for the address ordering
    // that elects the leader; equality, hash and ordering here use the same key so that they agree with Akka.
    private readonly string _hostKey;

    /// <summary>The remoting protocol, e.g. <c>akka.tcp</c> (or <c>akka.trttl.tcp</c> when the test kit's fault injection is on).</summary>
    public string Protocol { get; }

    /// <summary>The node's own system name (the name it was started with, e.g. "FirstSystem"); not part of equality.</summary>
    public string SystemName { get; }

    /// <summary>Host name or IP address the node is reachable at, as given.</summary>
    public string Host { get; }

    /// <summary>Port the node is reachable at.</summary>
    public int Port { get; }

    /// <inheritdoc />
    public bool Equals(Node? other) =>
        other is not null && Port == other.Port &&
        string.Equals(_hostKey, other._hostKey, StringComparison.Ordinal) &&
        string.Equals(Protocol, other.Protocol, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Node);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Protocol, _hostKey, Port);

    /// <summary>
    /// Orders like Akka.NET's address ordering, which decides the cluster leader: host (ordinal, ignoring case), then port
    /// numerically; protocol last, so that the order agrees with equality.
    /// </summary>
    public int CompareTo(Node? other)
    {
        if (other is null) return 1;
        var c = string.CompareOrdinal(_hostKey, other._hostKey);
        if (c != 0) return c;
        c = Port.CompareTo(other.Port);
        return c != 0 ? c : string.CompareOrdinal(Protocol, other.Protocol);
    }

    /// <summary>Equality by protocol, host (ignoring case) and port.</summary>
    public static bool operator ==(Node? left, Node? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by protocol, host (ignoring case) and port.</summary>
    public static bool operator !=(Node? left, Node? right) => !(left == right);

    // Immutable, so formatted once: spans of every traced call carry it.
    private string? _text;

    /// <summary><c>protocol://systemName@host:port</c>.</summary>
    public override string ToString() => _text ??= $"{Protocol}://{SystemName}@{Host}:{Port}";
}
