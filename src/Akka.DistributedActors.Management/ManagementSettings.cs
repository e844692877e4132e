namespace Akka.DistributedActors.Management;

/// <summary>Where the management HTTP endpoint listens and how other nodes reach it (Akka.Management's <c>akka.management.http</c>).</summary>
public sealed class ManagementSettings
{
    /// <summary>Akka.Management's default management port, 8558.</summary>
    public const int DefaultPort = 8558;

    /// <summary>
    /// The host other nodes and probes use to reach the endpoint (it is ClusterBootstrap's self contact point); null (default) uses
    /// the cluster node's <c>Node.Host</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>The port to listen on; default 8558. 0 picks a free port, reported by <see cref="ManagementEndpoint.Port"/>.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The local interface to bind when it differs from <see cref="Host"/> (e.g. "0.0.0.0" in a container); null (default) binds <see cref="Host"/>.</summary>
    public string? BindHost { get; set; }
}
