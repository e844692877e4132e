namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>
/// The Kubernetes API could not list or watch pods: unreachable, refused the credentials (401), lacks an RBAC grant (403, naming
/// the verb, resource and namespace), or sent an object that cannot be read. The cluster logs it and retries with backoff.
/// The message carries what the underlying error said, so it is complete on its own.
/// </summary>
public sealed class KubernetesDiscoveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KubernetesDiscoveryException(string message) : base(message) { }
}
