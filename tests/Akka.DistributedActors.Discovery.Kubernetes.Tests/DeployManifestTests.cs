using System.Net;
using Akka.DistributedActors.Management;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>
/// deploy/kubernetes parsed with YamlDotNet: the Deployment, Service, ServiceAccount, Role and RoleBinding must fit each other, the
/// Kubernetes discovery (label selector, port name, RBAC verbs) and samples/ClusterNode (arguments, probe paths it serves).
/// </summary>
public sealed class DeployManifestTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly string Directory = FindDeployDirectory();

    private static readonly IReadOnlyList<YamlMappingNode> Objects = System.IO.Directory
        .GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(Parse).ToList();

    private static YamlMappingNode Single(string kind) => Assert.Single(Objects, o => Text(o, "kind") == kind);

    [Fact]
    public void Every_manifest_parses_into_exactly_the_five_objects_of_the_deployment()
    {
        Assert.Equal(["Deployment", "Role", "RoleBinding", "Service", "ServiceAccount"], Objects.Select(o => Text(o, "kind")).Order(StringComparer.Ordinal));
        Assert.All(Objects, o => Assert.Equal("cluster-node", Text(Map(Map(o, "metadata"), "labels"), "app")));
    }

    [Fact]
    public void The_deployment_runs_three_sample_nodes_whose_discovery_selects_their_own_pods_at_the_remoting_port()
    {
        var deployment = Single("Deployment");
        var spec = Map(deployment, "spec");
        Assert.Equal("3", Text(spec, "replicas"));
        var template = Map(spec, "template");
        var podLabels = Labels(Map(Map(template, "metadata"), "labels"));
        Assert.Subset(podLabels.ToHashSet(), Labels(Map(Map(spec, "selector"), "matchLabels")).ToHashSet());

        var container = Assert.Single(Seq(Map(template, "spec"), "containers").Cast<YamlMappingNode>());
        var args = Seq(container, "args").Select(a => ((YamlScalarNode)a).Value!).Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a[1]);
        var ports = Seq(container, "ports").Cast<YamlMappingNode>().ToDictionary(p => Text(p, "name"), p => Text(p, "containerPort"));

        // --discovery kubernetes:NAMESPACE:SELECTOR, as samples/ClusterNode parses it; the selector must select these very pods.
        var discovery = args["--discovery"].Split(':', 3);
        Assert.Equal("kubernetes", discovery[0]);
        Assert.Equal("$(POD_NAMESPACE)", discovery[1]);
        Assert.Equal("metadata.namespace", FieldRef(container, "POD_NAMESPACE"));
        Assert.All(discovery[2].Split(','), requirement => Assert.Contains(requirement, podLabels.Select(l => $"{l.Key}={l.Value}")));

        // The discovery lists pods at the container port named "remoting": the port the node binds.
        Assert.Equal(args["--port"], ports[KubernetesDiscovery.DefaultRemotingPortName]);
        Assert.Equal(args["--management-port"], ports[KubernetesDiscovery.DefaultManagementPortName]);
        Assert.Equal("$(POD_IP)", args["--host"]);
        Assert.Equal("status.podIP", FieldRef(container, "POD_IP"));

        // Leave plus hand-over must finish before the kubelet's SIGKILL.
        var grace = int.Parse(Text(Map(template, "spec"), "terminationGracePeriodSeconds"));
        Assert.True(grace >= int.Parse(args["--leave-timeout"]) + 10, $"terminationGracePeriodSeconds {grace} leaves no room after --leave-timeout");
    }

    [Fact]
    public async Task The_probes_use_paths_the_management_endpoint_serves_on_the_management_port()
    {
        var container = Assert.Single(Seq(Map(Map(Map(Single("Deployment"), "spec"), "template"), "spec"), "containers").Cast<YamlMappingNode>());
        var readiness = Map(Map(container, "readinessProbe"), "httpGet");
        var liveness = Map(Map(container, "livenessProbe"), "httpGet");
        Assert.Equal(KubernetesDiscovery.DefaultManagementPortName, Text(readiness, "port"));
        Assert.Equal(KubernetesDiscovery.DefaultManagementPortName, Text(liveness, "port"));

        var node = await SetUpNodeAsync("probed");
        await using var management = await ClusterManagement.StartAsync(node, new ManagementSettings { Port = 0 });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        // Not yet a member: alive, not ready.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(management.Uri, Text(liveness, "path")))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync(new Uri(management.Uri, Text(readiness, "path")))).StatusCode);
    }

    [Fact]
    public void The_service_is_headless_and_the_service_account_may_exactly_get_list_and_watch_pods()
    {
        var service = Map(Single("Service"), "spec");
        Assert.Equal("None", Text(service, "clusterIP"));
        Assert.Equal("true", Text(service, "publishNotReadyAddresses"));
        var template = Map(Map(Single("Deployment"), "spec"), "template");
        Assert.Equal(Labels(Map(Map(template, "metadata"), "labels")), Labels(Map(service, "selector")));
        var containerPorts = Seq(Assert.Single(Seq(Map(template, "spec"), "containers").Cast<YamlMappingNode>()), "ports")
            .Cast<YamlMappingNode>().Select(p => Text(p, "name")).ToHashSet();
        Assert.All(Seq(service, "ports").Cast<YamlMappingNode>(), p => Assert.Contains(Text(p, "targetPort"), containerPorts));

        var rule = Assert.Single(Seq(Single("Role"), "rules").Cast<YamlMappingNode>());
        Assert.Equal([""], Seq(rule, "apiGroups").Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal(["pods"], Seq(rule, "resources").Select(n => ((YamlScalarNode)n).Value));
        Assert.Equal(["get", "list", "watch"], Seq(rule, "verbs").Select(n => ((YamlScalarNode)n).Value).Order(StringComparer.Ordinal));

        var binding = Single("RoleBinding");
        var account = Text(Map(Single("ServiceAccount"), "metadata"), "name");
        Assert.Equal(account, Text(Map(template, "spec"), "serviceAccountName"));
        Assert.Equal(("Role", Text(Map(Single("Role"), "metadata"), "name")), (Text(Map(binding, "roleRef"), "kind"), Text(Map(binding, "roleRef"), "name")));
        var subject = Assert.Single(Seq(binding, "subjects").Cast<YamlMappingNode>());
        Assert.Equal(("ServiceAccount", account), (Text(subject, "kind"), Text(subject, "name")));
    }

    private static string FindDeployDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Akka.DistributedActors.sln"))) return Path.Combine(dir.FullName, "deploy", "kubernetes");
        }
        throw new DirectoryNotFoundException($"No Akka.DistributedActors.sln above {AppContext.BaseDirectory}.");
    }

    private static IEnumerable<YamlMappingNode> Parse(string file)
    {
        var stream = new YamlStream();
        using (var reader = File.OpenText(file)) stream.Load(reader);
        return stream.Documents.Select(d => Assert.IsType<YamlMappingNode>(d.RootNode));
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => Assert.IsType<YamlMappingNode>(node.Children[new YamlScalarNode(key)]);

    private static YamlSequenceNode Seq(YamlMappingNode node, string key) => Assert.IsType<YamlSequenceNode>(node.Children[new YamlScalarNode(key)]);

    private static string Text(YamlMappingNode node, string key) => Assert.IsType<YamlScalarNode>(node.Children[new YamlScalarNode(key)]).Value!;

    private static Dictionary<string, string> Labels(YamlMappingNode node) =>
        node.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value!);

    private static string FieldRef(YamlMappingNode container, string variable) =>
        Text(Map(Map(Seq(container, "env").Cast<YamlMappingNode>().Single(e => Text(e, "name") == variable), "valueFrom"), "fieldRef"), "fieldPath");
}
