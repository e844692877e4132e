namespace Akka.DistributedActors;

/// <summary>
/// The settings of Akka.Management's ClusterBootstrap that only matter in <see cref="ServiceDiscoverySettings.ClusterBootstrap"/>
/// mode (the contact-point discovery itself is configured on <see cref="ServiceDiscoverySettings"/>). Defaults are Akka.Management's
/// except <see cref="ProbeInterval"/> (1 s, as its README).
/// </summary>
public sealed class ClusterBootstrapSettings
{
    /// <summary>
    /// Whether the lowest-addressed contact point may found a new cluster when no contact point reports one (<c>new-cluster-enabled</c>);
    /// turn off once a cluster exists so a restarted deployment can only join it. Default true.
    /// </summary>
    public bool NewClusterEnabled { get; set; } = true;

    /// <summary>Whether founding waits until every discovered contact point answered a probe (<c>contact-with-all-contact-points</c>); default true.</summary>
    public bool ContactWithAllContactPoints { get; set; } = true;

    /// <summary>How often each contact point's <c>/bootstrap/seed-nodes</c> is probed (<c>probe-interval</c>); default 1 s.</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a probe may fail before its contact point is dropped (<c>probing-failure-timeout</c>); default 3 s.</summary>
    public TimeSpan ProbingFailureTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The management port of contact points listed without a port (<c>fallback-port</c>); null (default) uses
    /// <c>akka.management.http.port</c> (8558).
    /// </summary>
    public int? FallbackPort { get; set; }

    /// <summary>
    /// Whether contact points on one host are reduced to the one on <see cref="FallbackPort"/> (<c>filter-on-fallback-port</c>).
    /// Must be false when several nodes share a host (one process, one VM); ignored when a port name is given. Default true.
    /// </summary>
    public bool FilterOnFallbackPort { get; set; } = true;

    /// <summary>Appended to the service name as "name.namespace" for the lookup (<c>service-namespace</c>); default null.</summary>
    public string? ServiceNamespace { get; set; }
}
