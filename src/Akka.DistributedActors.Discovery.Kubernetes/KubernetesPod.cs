using System.Collections.Immutable;

namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>
/// One pod as a <see cref="KubernetesServiceDiscovery"/> lists it: what the pod object says about where its node listens.
/// </summary>
/// <param name="Name">The pod's name.</param>
/// <param name="Namespace">The pod's namespace.</param>
/// <param name="IP">The pod IP (<c>status.podIP</c>); null while none is assigned.</param>
/// <param name="Phase">The pod phase (<c>status.phase</c>: Pending, Running, ...); null when the object has none.</param>
/// <param name="IsReady">Whether the pod's <c>Ready</c> condition is <c>True</c>.</param>
/// <param name="IsTerminating">Whether the pod is being deleted (<c>metadata.deletionTimestamp</c> is set).</param>
/// <param name="Ports">The named container ports of all its containers, by name (the first wins on a duplicate name).</param>
public sealed record KubernetesPod(string Name, string? Namespace, string? IP, string? Phase, bool IsReady, bool IsTerminating,
    ImmutableDictionary<string, int> Ports)
{
    /// <summary>
    /// The node this pod runs: its IP and <paramref name="fixedPort"/>, or else the container port named
    /// <paramref name="portName"/>. Throws <see cref="InvalidOperationException"/> naming the pod when it has no IP or no such port.
    /// </summary>
    public Node ToNode(string? portName, int? fixedPort)
    {
        if (string.IsNullOrEmpty(IP)) throw new InvalidOperationException($"Pod \"{Name}\" has no pod IP (status.podIP).");
        if (fixedPort is { } port) return new Node(IP, port);
        if (portName is null) throw new InvalidOperationException("Neither a port name nor a port was given.");
        if (Ports.TryGetValue(portName, out var named)) return new Node(IP, named);
        throw new InvalidOperationException($"Pod \"{Name}\" has no container port named \"{portName}\" " +
            $"(its named ports: {(Ports.IsEmpty ? "none" : string.Join(", ", Ports.Keys.Order(StringComparer.Ordinal)))}).");
    }

    /// <summary><c>pod name (ip)</c>.</summary>
    public override string ToString() => $"pod {Name} ({IP ?? "no IP"})";
}
