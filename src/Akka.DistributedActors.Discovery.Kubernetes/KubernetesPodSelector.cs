namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>
/// The pods a <see cref="KubernetesServiceDiscovery"/> lists: those of <see cref="Namespace"/> that match
/// <see cref="LabelSelector"/> (Kubernetes label-selector syntax, e.g. <c>app=orders</c> or <c>app=orders,tier in (a,b)</c>).
/// </summary>
/// <param name="Namespace">The namespace; null reads the pod's own namespace from its service-account mount.</param>
/// <param name="LabelSelector">The label selector; must not be empty.</param>
public sealed record KubernetesPodSelector(string? Namespace, string LabelSelector)
{
    /// <summary><c>namespace/selector</c>, e.g. <c>shop/app=orders</c>.</summary>
    public override string ToString() => $"{Namespace ?? "(own namespace)"}/{LabelSelector}";
}
