using Akka.DistributedActors.Discovery.Kubernetes.Internal;
using k8s;
using k8s.Models;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>The pure part of the discovery: which pods a list and watch events leave listed, and how a pod becomes a node.</summary>
public sealed class PodCacheTests
{
    // A port only written into a pod object, never bound: another container's port of the same name must not be taken.
    private const int SidecarPort = 9_999;

    private static V1Pod Pod(string name, string version, string? phase = "Running", bool ready = true, bool deleting = false,
        string? ip = "10.0.0.1", params (string Name, int Port)[] ports) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name, ResourceVersion = version, DeletionTimestamp = deleting ? DateTime.UtcNow : null,
        },
        Spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = "app", Ports = ports.Select(p => new V1ContainerPort { Name = p.Name, ContainerPort = p.Port }).ToList() },
                new V1Container { Name = "sidecar", Ports = [new V1ContainerPort { Name = "remoting", ContainerPort = SidecarPort }] },
            ],
        },
        Status = new V1PodStatus { Phase = phase, PodIP = ip, Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] },
    };

    private static PodCache List(string version, params V1Pod[] pods) =>
        PodCache.FromList(new V1PodList { Metadata = new V1ListMeta { ResourceVersion = version }, Items = pods });

    [Fact]
    public void Only_running_pods_not_being_deleted_are_listed_and_only_ready_ones_when_readiness_is_required()
    {
        var cache = List("10",
            Pod("running", "1"), Pod("pending", "2", phase: "Pending", ip: null), Pod("succeeded", "3", phase: "Succeeded"),
            Pod("deleting", "4", deleting: true), Pod("not-ready", "5", ready: false));

        Assert.Equal(["not-ready", "running"], cache.Listing(requireReady: false).Select(p => p.Name));
        Assert.Equal(["running"], cache.Listing(requireReady: true).Select(p => p.Name));
        Assert.Equal("10", cache.ResourceVersion);
    }

    [Fact]
    public void Watch_events_add_change_and_delete_pods_and_every_event_moves_the_resume_version()
    {
        var cache = List("10", Pod("a", "1"))
            .Apply(WatchEventType.Added, Pod("b", "11", ready: false))
            .Apply(WatchEventType.Modified, Pod("b", "12"))
            .Apply(WatchEventType.Deleted, Pod("a", "13"));
        Assert.Equal(["b"], cache.Listing(requireReady: true).Select(p => p.Name));
        Assert.Equal("13", cache.ResourceVersion);

        var bookmarked = cache.Apply(WatchEventType.Bookmark, new V1Pod { Metadata = new V1ObjectMeta { ResourceVersion = "20" } });
        Assert.Equal("20", bookmarked.ResourceVersion);
        Assert.Equal(cache.Pods, bookmarked.Pods);
    }

    [Fact]
    public void A_pod_maps_to_its_ip_and_named_port_or_a_fixed_port_and_a_pod_without_them_is_rejected_by_name()
    {
        var pod = PodCache.ToPod(Pod("orders-0", "1", ports: [("remoting", 4053), ("management", 8558)]));
        Assert.Equal(new Node("10.0.0.1", 4053), pod.ToNode("remoting", null));
        Assert.Equal(new Node("10.0.0.1", 8558), pod.ToNode("management", null));
        Assert.Equal(new Node("10.0.0.1", 7000), pod.ToNode("remoting", 7000));

        var noPort = Assert.Throws<InvalidOperationException>(() => pod.ToNode("http", null));
        Assert.Equal("Pod \"orders-0\" has no container port named \"http\" (its named ports: management, remoting).", noPort.Message);
        var noIp = Assert.Throws<InvalidOperationException>(() => PodCache.ToPod(Pod("orders-1", "1", ip: null)).ToNode("remoting", null));
        Assert.Equal("Pod \"orders-1\" has no pod IP (status.podIP).", noIp.Message);
    }
}
