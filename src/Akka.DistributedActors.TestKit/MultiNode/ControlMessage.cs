namespace Akka.DistributedActors.TestKit;

/// <summary>
/// One line of the control channel between the conductor (the test process) and a node process, as JSON. Node to conductor:
/// hello, ready, enter (checkpoint), kill, restart, link, heal, pause, resume, passed, failed, ack. Conductor to node: addresses
/// (again after a restart), reply, throttle (set this node's side of a link). Requests carry an <see cref="Id"/> that their reply
/// or ack repeats.
/// </summary>
internal sealed class ControlMessage
{
    public string Kind { get; set; } = "";

    public long Id { get; set; }

    public string? Node { get; set; }

    public string? Other { get; set; }

    public string? Name { get; set; }

    public string? Text { get; set; }

    public long WithinMs { get; set; }

    /// <summary>A link fault: passthrough, blackhole, throttle or disconnect (<see cref="LinkFaultKind"/>).</summary>
    public LinkFaultKind Fault { get; set; }

    public long BytesPerSecond { get; set; }

    public LinkDirection Direction { get; set; }

    public int Incarnation { get; set; }

    public NodeAddress? Address { get; set; }

    public Dictionary<string, NodeAddress>? Addresses { get; set; }
}

/// <summary>A <see cref="UniqueNode"/> as it travels on the control channel.</summary>
internal sealed record NodeAddress(string Protocol, string SystemName, string Host, int Port, ulong Nid)
{
    public static NodeAddress Of(UniqueNode node) => new(node.Node.Protocol, node.SystemName, node.Host, node.Port, node.Nid);

    public UniqueNode ToUniqueNode() => new(new Node(SystemName, Host, Port, Protocol), Nid);
}
