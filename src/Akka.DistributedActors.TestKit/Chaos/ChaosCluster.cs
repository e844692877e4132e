namespace Akka.DistributedActors.TestKit;

/// <summary>The nodes of a chaos run as they are now; the workload and the invariants read it while nodes are replaced.</summary>
public sealed class ChaosCluster
{
    private readonly object _gate = new();
    private readonly ChaosNode[] _nodes;

    internal ChaosCluster(int count) => _nodes = new ChaosNode[count];

    /// <summary>The current incarnation of every node, in the order of <see cref="ChaosOptions.NodeNames"/>.</summary>
    public IReadOnlyList<ChaosNode> Nodes
    {
        get
        {
            lock (_gate) return _nodes.ToArray();
        }
    }

    /// <summary>The current incarnation of the node named <paramref name="name"/>.</summary>
    public ChaosNode this[RoleName name] =>
        Nodes.FirstOrDefault(n => n.Name == name.Name) ?? throw new ArgumentException($"No chaos node is named '{name}'.", nameof(name));

    internal void Set(int index, ChaosNode node)
    {
        lock (_gate) _nodes[index] = node;
    }
}
