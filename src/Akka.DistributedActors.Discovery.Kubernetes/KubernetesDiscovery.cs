namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>
/// Adds <c>ServiceDiscoverySettings.Kubernetes(...)</c> and <c>ServiceDiscoverySettings.KubernetesBootstrap(...)</c>: the core library
/// does not depend on KubernetesClient, so these factories live in this package (as C# extension members of
/// <see cref="ServiceDiscoverySettings"/>; callers write them as if they were its own).
/// </summary>
public static class KubernetesDiscovery
{
    /// <summary>The container port name looked up by default for remoting: <c>remoting</c>.</summary>
    public const string DefaultRemotingPortName = "remoting";

    /// <summary>The container port name looked up by default for contact points: <c>management</c>.</summary>
    public const string DefaultManagementPortName = "management";

    extension(ServiceDiscoverySettings)
    {
        /// <summary>
        /// Nodes from the pods of <paramref name="namespace"/> matching <paramref name="labelSelector"/>, each at its pod IP and its
        /// container port named <paramref name="portName"/> (default <c>remoting</c>), watched through the Kubernetes API. The node
        /// joins by itself as with any listing (the lowest listed pod may found the cluster; set <c>RequiredContactPoints</c> to the
        /// replica count). A null namespace is the pod's own. Pods without an IP or the port are logged and skipped.
        /// </summary>
        public static ServiceDiscoverySettings Kubernetes(string? @namespace, string labelSelector, string portName = DefaultRemotingPortName,
            KubernetesDiscoveryOptions? options = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(portName);
            return ServiceDiscoverySettings.From(new KubernetesServiceDiscovery(options), Selector(@namespace, labelSelector),
                pod => pod.ToNode(portName, null));
        }

        /// <summary>As <c>Kubernetes(namespace, labelSelector, portName)</c>, with every pod's node on the fixed <paramref name="port"/>.</summary>
        public static ServiceDiscoverySettings Kubernetes(string? @namespace, string labelSelector, int port, KubernetesDiscoveryOptions? options = null)
        {
            if (port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(port), port, "The port must be 1-65535.");
            return ServiceDiscoverySettings.From(new KubernetesServiceDiscovery(options), Selector(@namespace, labelSelector),
                pod => pod.ToNode(null, port));
        }

        /// <summary>
        /// Akka.Management's ClusterBootstrap with the pods of <paramref name="namespace"/> matching <paramref name="labelSelector"/> as
        /// contact points, each at its pod IP and its container port named <paramref name="managementPortName"/> (default
        /// <c>management</c>; the port of <c>ClusterManagement.StartAsync</c>). Each bootstrap lookup lists the pods once.
        /// </summary>
        public static ServiceDiscoverySettings KubernetesBootstrap(string? @namespace, string labelSelector,
            string managementPortName = DefaultManagementPortName, KubernetesDiscoveryOptions? options = null,
            Action<ClusterBootstrapSettings>? configure = null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(managementPortName);
            return ServiceDiscoverySettings.ClusterBootstrap(new KubernetesServiceDiscovery(options), Selector(@namespace, labelSelector),
                pod => pod.ToNode(managementPortName, null), configure);
        }
    }

    private static KubernetesPodSelector Selector(string? @namespace, string labelSelector)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelSelector);
        if (@namespace is not null) ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        return new KubernetesPodSelector(@namespace, labelSelector);
    }
}
