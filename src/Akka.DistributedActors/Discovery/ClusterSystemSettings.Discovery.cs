namespace Akka.DistributedActors;

public sealed partial class ClusterSystemSettings
{
    /// <summary>
    /// How this node finds the others and joins them without an explicit <c>Cluster.Join</c> (Swift's <c>settings.discovery</c>);
    /// null (default) means no discovery.
    /// </summary>
    public ServiceDiscoverySettings? Discovery { get; set; }

    partial void ValidateDiscovery()
    {
        var d = Discovery;
        if (d is null) return;
        if (d.Kind == ServiceDiscoverySettings.DiscoveryKind.Static)
        {
            if (d.Nodes.IsEmpty)
                throw new ClusterSystemSettingsException("Discovery.Nodes", "[]", "must list at least one node.");
            for (var i = 0; i < d.Nodes.Length; i++)
            {
                ValidateHost($"Discovery.Nodes[{i}].Host", d.Nodes[i].Host);
                if (d.Nodes[i].Port < 1)
                    throw new ClusterSystemSettingsException($"Discovery.Nodes[{i}].Port", d.Nodes[i].Port,
                        "must be the port the node listens on (1-65535); a node started on port 0 can be listed once its port is known.");
            }
        }
        if (d.RequiredContactPoints < 1)
            throw new ClusterSystemSettingsException("Discovery.RequiredContactPoints", d.RequiredContactPoints, "must be at least 1.");
        if (d.StableMargin < TimeSpan.Zero)
            throw new ClusterSystemSettingsException("Discovery.StableMargin", d.StableMargin, "must not be negative.");
        Positive("Discovery.Interval", d.Interval);
        Positive("Discovery.ResolveTimeout", d.ResolveTimeout);
        Positive("Discovery.RetryBackoff", d.RetryBackoff);
        if (d.MaxRetryBackoff < d.RetryBackoff)
            throw new ClusterSystemSettingsException("Discovery.MaxRetryBackoff", d.MaxRetryBackoff,
                $"must be at least Discovery.RetryBackoff ({d.RetryBackoff}).");
        if (d.Bootstrap is { } b)
        {
            Positive("Discovery.Bootstrap.ProbeInterval", b.ProbeInterval);
            Positive("Discovery.Bootstrap.ProbingFailureTimeout", b.ProbingFailureTimeout);
            if (b.FallbackPort is { } port && port is < 1 or > 65535)
                throw new ClusterSystemSettingsException("Discovery.Bootstrap.FallbackPort", port, "must be between 1 and 65535.");
            if (b.ServiceNamespace is { } ns && string.IsNullOrWhiteSpace(ns))
                throw new ClusterSystemSettingsException("Discovery.Bootstrap.ServiceNamespace", ns, "must be null or non-empty.");
        }
    }
}
