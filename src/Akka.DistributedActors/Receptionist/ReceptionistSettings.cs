namespace Akka.DistributedActors;

/// <summary>
/// Timings of the receptionist's replicated registry (Akka.DistributedData): how often nodes gossip registrations and how
/// often local subscribers (Lookup, Listing) see changes. Shorter intervals propagate faster at the cost of more traffic.
/// </summary>
public sealed class ReceptionistSettings
{
    /// <summary>Interval of full-state gossip between nodes; deltas go out at a fifth of it (at least 200 ms). Default 1 s.</summary>
    public TimeSpan GossipInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often changes received by this node are published to its Lookup/Listing. Default 50 ms.</summary>
    public TimeSpan NotifySubscribersInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
