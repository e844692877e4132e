namespace Akka.DistributedActors.TestKit;

/// <summary>One incarnation of a node of a chaos run: a crashed or downed node is replaced by a new <see cref="ChaosNode"/> with the same name and address.</summary>
public sealed class ChaosNode
{
    internal ChaosNode(string name, int incarnation, ClusterSystem system, ClusterEventProbe events)
    {
        Name = name;
        Incarnation = incarnation;
        System = system;
        Events = events;
    }

    /// <summary>The node's name (one of <see cref="ChaosOptions.NodeNames"/>).</summary>
    public string Name { get; }

    /// <summary>1 for the first node of this name, then 2, 3, ... for each replacement.</summary>
    public int Incarnation { get; }

    /// <summary>This incarnation's cluster system.</summary>
    public ClusterSystem System { get; }

    /// <summary>Every cluster event this incarnation published, from its start (a Snapshot first).</summary>
    public ClusterEventProbe Events { get; }

    /// <summary>Whatever <see cref="ChaosOptions.NodeStarted"/> keeps for the workload (an actor's ID, a client); null until set.</summary>
    public object? State { get; set; }

    /// <summary><c>name#incarnation (node)</c>.</summary>
    public override string ToString() => $"{Name}#{Incarnation} ({System.Cluster.UniqueNode})";
}
