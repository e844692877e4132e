namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    private readonly object _receptionGate = new();
    private Receptionist? _receptionist;

    /// <summary>
    /// The cluster-wide registry of distributed actors (Swift's <c>system.receptionist</c>); started on first use. Every node whose
    /// Lookup or Listing should see registrations must touch it once (any call starts its replica).
    /// </summary>
    public Receptionist Receptionist
    {
        get
        {
            lock (_receptionGate) return _receptionist ??= new Receptionist(this, _translator);
        }
    }
}
