using System.Collections.Immutable;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// How a node finds the other nodes of its cluster (Swift's <c>settings.discovery</c>): a static list, any
/// <see cref="IServiceDiscovery{TService, TInstance}"/>, any Akka.Discovery method, or Akka.Management's ClusterBootstrap.
/// Discovery only finds endpoints; the node joins by itself, deterministically (see docs/discovery-and-bootstrap.md): every node
/// orders the listing the same way and only the lowest listed node may found a new cluster, so a listing never forms two clusters.
/// Once this node is a member, listings are ignored. Set it with <c>settings.Discovery = ServiceDiscoverySettings.Static(...)</c>.
/// </summary>
public sealed class ServiceDiscoverySettings
{
    internal enum DiscoveryKind
    {
        Static,
        Custom,
        Akka,
        ClusterBootstrap,
    }

    private ServiceDiscoverySettings(DiscoveryKind kind, TimeSpan stableMargin, int requiredContactPoints)
    {
        Kind = kind;
        StableMargin = stableMargin;
        RequiredContactPoints = requiredContactPoints;
    }

    internal DiscoveryKind Kind { get; }

    /// <summary>Opens the stream of listings for the discovery runtime; null in ClusterBootstrap mode, where Akka.Management joins.</summary>
    internal Func<DiscoveryContext, CancellationToken, IAsyncEnumerable<SeedNodeListing>>? OpenListings { get; private init; }

    /// <summary>Looks the nodes up once, for a ClusterBootstrap over an <see cref="IServiceDiscovery{TService, TInstance}"/>; null otherwise.</summary>
    internal Func<CancellationToken, Task<SeedNodeListing>>? LookupNodes { get; private init; }

    /// <summary>The nodes of a <see cref="Static"/> discovery; empty otherwise.</summary>
    public ImmutableArray<Node> Nodes { get; private init; } = [];

    /// <summary>
    /// The Akka.Discovery method (<c>config</c>, <c>aggregate</c>, ...) in Akka and ClusterBootstrap modes (<c>distributed-actors</c>
    /// for a ClusterBootstrap over an <see cref="IServiceDiscovery{TService, TInstance}"/>);
    /// the discovery's type name in <see cref="From{TService, TInstance}"/> mode; null for <see cref="Static"/>.
    /// </summary>
    public string? Method { get; private init; }

    /// <summary>The service looked up (for <see cref="From{TService, TInstance}"/>, its ToString); null for <see cref="Static"/>.</summary>
    public string? ServiceName { get; private init; }

    /// <summary>The port name looked up (Kubernetes port name, DNS SRV) in Akka and ClusterBootstrap modes; null for none.</summary>
    public string? PortName { get; private init; }

    /// <summary>ClusterBootstrap's own settings in ClusterBootstrap mode; null otherwise.</summary>
    public ClusterBootstrapSettings? Bootstrap { get; private init; }

    /// <summary>
    /// How long the listing must stay unchanged before the lowest listed node may found a new cluster (it can join an existing one
    /// at once). Default 0 for <see cref="Static"/> (the list is the truth), 5 s otherwise (Akka.Management's <c>stable-margin</c>).
    /// </summary>
    public TimeSpan StableMargin { get; set; }

    /// <summary>
    /// How many nodes must be listed before the lowest one may found a new cluster (<c>required-contact-point-nr</c>); set it to the
    /// expected initial size to be safe against partial listings during a rolling start. Default 1 (ClusterBootstrap: 2).
    /// </summary>
    public int RequiredContactPoints { get; set; }

    /// <summary>How often an Akka.Discovery method is polled (and ClusterBootstrap's lookup <c>interval</c>); default 1 s.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one Akka.Discovery lookup may take (<c>resolve-timeout</c>; the node gives up 1 s later if the plugin does not), and
    /// how long a <see cref="From{TService, TInstance}"/> subscription may take to yield its first listing; default 3 s.
    /// </summary>
    public TimeSpan ResolveTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The first retry delay after a discovery fails; doubled per failure (with 20% jitter) up to <see cref="MaxRetryBackoff"/>. Default 500 ms.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest retry delay after repeated discovery failures; default 15 s.</summary>
    public TimeSpan MaxRetryBackoff { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A fixed list of nodes to join (Swift's <c>.static(nodes)</c> / <c>.seed(nodes)</c>). The list may include this node; list
    /// every node with the host and port it advertises (<c>Node.Host</c>, <c>Node.Port</c>), the same on every node.
    /// </summary>
    public static ServiceDiscoverySettings Static(params Node[] nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (Array.IndexOf(nodes, null) is var i and >= 0) throw new ArgumentNullException($"{nameof(nodes)}[{i}]");
        var listing = SeedNodeListing.Create(nodes, n => n);
        return new ServiceDiscoverySettings(DiscoveryKind.Static, TimeSpan.Zero, 1)
        {
            Nodes = [.. nodes],
            OpenListings = (_, ct) => DiscoveryListings.Once(listing, ct),
        };
    }

    /// <summary>Same as <see cref="Static"/> (Swift's <c>.seed(nodes:)</c>).</summary>
    public static ServiceDiscoverySettings Seed(params Node[] nodes) => Static(nodes);

    /// <summary>
    /// Nodes from any <see cref="IServiceDiscovery{TService, TInstance}"/> (Swift's <c>ServiceDiscoverySettings(discovery, service:,
    /// mapInstanceToNode:)</c>). The node subscribes to <paramref name="service"/>; each listing is mapped with
    /// <paramref name="map"/> (may be null only when the instances are <see cref="Node"/>s). Instances whose mapping throws or yields
    /// an invalid host or port are logged and skipped; a failing or ending subscription is retried with backoff.
    /// </summary>
    public static ServiceDiscoverySettings From<TService, TInstance>(IServiceDiscovery<TService, TInstance> discovery, TService service,
        Func<TInstance, Node>? map = null)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        if (map is null)
        {
            if (typeof(TInstance) != typeof(Node))
                throw new ArgumentException($"Instances of type {typeof(TInstance).Name} need a map to Node.", nameof(map));
            map = instance => (Node)(object)instance!;
        }
        return new ServiceDiscoverySettings(DiscoveryKind.Custom, TimeSpan.FromSeconds(5), 1)
        {
            ServiceName = service?.ToString(),
            Method = discovery.GetType().Name,
            OpenListings = (_, ct) => DiscoveryListings.Subscribe(discovery, service, map, ct),
        };
    }

    /// <summary>
    /// Nodes from an Akka.Discovery method by name: <c>config</c> (<c>akka.discovery.config.services.&lt;service&gt;.endpoints</c>),
    /// <c>aggregate</c>, or a plugin configured through <see cref="ClusterSystemSettings.AdditionalHocon"/> (on Kubernetes use the
    /// package Akka.DistributedActors.Discovery.Kubernetes instead: Akka.Discovery.KubernetesApi fails with the KubernetesClient
    /// versions served). Polled every <see cref="Interval"/>. Listed targets are remoting endpoints; a target without a port uses
    /// this node's own port (every node listens on the same port, as in a Kubernetes pod).
    /// </summary>
    public static ServiceDiscoverySettings Akka(string method, string serviceName, string? portName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        return new ServiceDiscoverySettings(DiscoveryKind.Akka, TimeSpan.FromSeconds(5), 1)
        {
            Method = method,
            ServiceName = serviceName,
            PortName = string.IsNullOrWhiteSpace(portName) ? null : portName,
            OpenListings = DiscoveryListings.PollAkka,
        };
    }

    /// <summary>
    /// Akka.Management's ClusterBootstrap: <paramref name="method"/> lists the contact points (the <b>management</b> endpoints of the
    /// nodes), each node probes their <c>/bootstrap/seed-nodes</c>, and the lowest contact point founds the cluster once
    /// <see cref="RequiredContactPoints"/> (default 2) were found and stable for <see cref="StableMargin"/> (default 5 s). Needs the
    /// management endpoint: bootstrap starts with <c>ClusterManagement.StartAsync</c> (package Akka.DistributedActors.Management).
    /// <paramref name="method"/> "akka.discovery" uses <c>akka.discovery.method</c>.
    /// </summary>
    public static ServiceDiscoverySettings ClusterBootstrap(string method, string serviceName, string? portName = null,
        Action<ClusterBootstrapSettings>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName);
        var bootstrap = new ClusterBootstrapSettings();
        configure?.Invoke(bootstrap);
        return new ServiceDiscoverySettings(DiscoveryKind.ClusterBootstrap, TimeSpan.FromSeconds(5), 2)
        {
            Method = method,
            ServiceName = serviceName,
            PortName = string.IsNullOrWhiteSpace(portName) ? null : portName,
            Bootstrap = bootstrap,
        };
    }

    /// <summary>
    /// Akka.Management's ClusterBootstrap (as <see cref="ClusterBootstrap(string, string, string?, Action{ClusterBootstrapSettings}?)"/>)
    /// with contact points from any <see cref="IServiceDiscovery{TService, TInstance}"/>: each lookup calls
    /// <see cref="IServiceDiscovery{TService, TInstance}.LookupAsync"/> and maps the instances with <paramref name="map"/> to the
    /// nodes' <b>management</b> endpoints. Instances whose mapping throws or yields an invalid host or port are logged and skipped.
    /// </summary>
    public static ServiceDiscoverySettings ClusterBootstrap<TService, TInstance>(IServiceDiscovery<TService, TInstance> discovery,
        TService service, Func<TInstance, Node> map, Action<ClusterBootstrapSettings>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        ArgumentNullException.ThrowIfNull(map);
        var serviceName = service?.ToString();
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceName, nameof(service));
        var bootstrap = new ClusterBootstrapSettings();
        configure?.Invoke(bootstrap);
        return new ServiceDiscoverySettings(DiscoveryKind.ClusterBootstrap, TimeSpan.FromSeconds(5), 2)
        {
            Method = ServiceDiscoveryPlugin.Method,
            ServiceName = serviceName,
            Bootstrap = bootstrap,
            LookupNodes = async ct => SeedNodeListing.Create(await discovery.LookupAsync(service, ct).ConfigureAwait(false) ?? [], map),
        };
    }

    /// <summary>Describes the mode, e.g. <c>Static(127.0.0.1:7337, ...)</c> or <c>Akka(config, my-service)</c>.</summary>
    public override string ToString() => Kind switch
    {
        DiscoveryKind.Static => $"Static({string.Join(", ", Nodes.Select(n => $"{n.Host}:{n.Port}"))})",
        DiscoveryKind.Custom => $"From({Method}, {ServiceName})",
        _ => $"{Kind}({Method}, {ServiceName}{(PortName is null ? "" : ", " + PortName)})",
    };
}
