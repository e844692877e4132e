using k8s;

namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>How a <see cref="KubernetesServiceDiscovery"/> reaches the Kubernetes API and which pods it lists.</summary>
public sealed class KubernetesDiscoveryOptions
{
    /// <summary>
    /// The client configuration to use as is (host, credentials, CA). Default null: <see cref="KubeconfigPath"/> when set, else the
    /// in-cluster configuration (service-account token and CA under <c>/var/run/secrets/kubernetes.io/serviceaccount</c>) when
    /// running in a pod, else the kubeconfig of <c>KUBECONFIG</c> or <c>~/.kube/config</c>.
    /// </summary>
    public KubernetesClientConfiguration? ClientConfiguration { get; set; }

    /// <summary>A kubeconfig file to use instead of the in-cluster configuration; default null.</summary>
    public string? KubeconfigPath { get; set; }

    /// <summary>The kubeconfig context to use with <see cref="KubeconfigPath"/>; default null (its current context).</summary>
    public string? KubeconfigContext { get; set; }

    /// <summary>
    /// Whether only pods whose <c>Ready</c> condition is true are listed. Default false: a pod counts once it is Running, because a
    /// readiness probe on <c>/health/ready</c> turns ready only after the node joined, so requiring readiness would keep a new
    /// deployment from ever forming (Akka.Management's <c>kubernetes-api</c> discovery ignores readiness for the same reason).
    /// Set it when readiness means "may be joined" in your deployment.
    /// </summary>
    public bool RequireReady { get; set; }

    /// <summary>
    /// How long the API server keeps one watch open (<c>timeoutSeconds</c>); the discovery then watches again from where it left
    /// off. Default 5 minutes.
    /// </summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
