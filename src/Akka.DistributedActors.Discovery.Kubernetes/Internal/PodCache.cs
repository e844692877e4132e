using System.Collections.Immutable;
using k8s;
using k8s.Models;

namespace Akka.DistributedActors.Discovery.Kubernetes.Internal;

/// <summary>
/// The pods known from a list and the watch events after it, with the resourceVersion to resume the watch from. Immutable and
/// pure: a list or an event in, the next cache out.
/// </summary>
internal sealed class PodCache
{
    public static PodCache Empty { get; } = new(ImmutableSortedDictionary<string, KubernetesPod>.Empty, null);

    private PodCache(ImmutableSortedDictionary<string, KubernetesPod> pods, string? resourceVersion)
    {
        Pods = pods;
        ResourceVersion = resourceVersion;
    }

    /// <summary>Known pods by name.</summary>
    public ImmutableSortedDictionary<string, KubernetesPod> Pods { get; }

    /// <summary>Where a watch resumes: the list's resourceVersion, then each event's.</summary>
    public string? ResourceVersion { get; }

    public static PodCache FromList(V1PodList list)
    {
        var pods = ImmutableSortedDictionary.CreateBuilder<string, KubernetesPod>(StringComparer.Ordinal);
        foreach (var pod in list.Items ?? []) pods[Key(pod)] = ToPod(pod);
        return new PodCache(pods.ToImmutable(), list.Metadata?.ResourceVersion);
    }

    public PodCache Apply(WatchEventType type, V1Pod pod)
    {
        var version = pod.Metadata?.ResourceVersion ?? ResourceVersion;
        return type switch
        {
            WatchEventType.Added or WatchEventType.Modified => new PodCache(Pods.SetItem(Key(pod), ToPod(pod)), version),
            WatchEventType.Deleted => new PodCache(Pods.Remove(Key(pod)), version),
            // Bookmarks carry only a newer resourceVersion to resume from.
            _ => new PodCache(Pods, version),
        };
    }

    /// <summary>
    /// The pods that run a node: Running, not being deleted and, when <paramref name="requireReady"/>, Ready. A listed pod without
    /// an IP or the port is kept, so that the mapping rejects it by name instead of it vanishing silently.
    /// </summary>
    public IReadOnlyList<KubernetesPod> Listing(bool requireReady) =>
        Pods.Values.Where(p => p.Phase == "Running" && !p.IsTerminating && (p.IsReady || !requireReady)).ToArray();

    private static string Key(V1Pod pod) => pod.Metadata?.Name ?? pod.Metadata?.Uid ?? "";

    internal static KubernetesPod ToPod(V1Pod pod)
    {
        var ports = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var port in (pod.Spec?.Containers ?? []).SelectMany(c => c.Ports ?? []))
        {
            if (port.Name is { Length: > 0 } name) ports.TryAdd(name, port.ContainerPort);
        }
        var ready = pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
        return new KubernetesPod(Key(pod), pod.Metadata?.NamespaceProperty, pod.Status?.PodIP, pod.Status?.Phase, ready,
            pod.Metadata?.DeletionTimestamp is not null, ports.ToImmutable());
    }
}
