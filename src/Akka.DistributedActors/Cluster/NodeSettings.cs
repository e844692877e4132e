namespace Akka.DistributedActors;

/// <summary>
/// Where this node is reachable (<see cref="Host"/>, <see cref="Port"/>) and, when different (behind NAT, in a container),
/// where it binds its socket (<see cref="BindHost"/>, <see cref="BindPort"/>).
/// </summary>
public sealed class NodeSettings
{
    /// <summary>The host other nodes use to reach this node; default <c>127.0.0.1</c>.</summary>
    public string Host { get; set; } = ClusterSystemSettings.DefaultHost;

    /// <summary>The port other nodes use to reach this node; default 7337. 0 binds a free port, reported in <c>Cluster.UniqueNode</c>.</summary>
    public int Port { get; set; } = ClusterSystemSettings.DefaultPort;

    /// <summary>The local interface to bind, when it differs from <see cref="Host"/>; null (default) binds <see cref="Host"/>.</summary>
    public string? BindHost { get; set; }

    /// <summary>The local port to bind, when it differs from <see cref="Port"/>; null (default) binds <see cref="Port"/>.</summary>
    public int? BindPort { get; set; }

    /// <summary>
    /// How long opening a connection to another node, including its handshake, may take before it fails and is retried
    /// (Swift's <c>connectTimeout</c>); default 5 s. Akka's own default (15 s) is too long for one case: while a connection
    /// to a port is still being opened, Akka.Remote leaves unread whatever a new node on that port sends, so a node restarted
    /// on a crashed node's port could not be heard (and could not join) until that attempt timed out.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = ClusterSystemSettings.DefaultConnectTimeout;
}
