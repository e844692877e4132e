namespace Akka.DistributedActors;

public sealed partial class ClusterSystemSettings
{
    /// <summary>Timings of <see cref="ClusterSystem.Receptionist"/> (gossip and notification intervals of the system's DistributedData replicator).</summary>
    public ReceptionistSettings Receptionist { get; } = new();

    partial void ValidateReception()
    {
        if (Receptionist.GossipInterval <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException("Receptionist.GossipInterval", Receptionist.GossipInterval, "must be a positive duration.");
        if (Receptionist.NotifySubscribersInterval <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException("Receptionist.NotifySubscribersInterval", Receptionist.NotifySubscribersInterval,
                "must be a positive duration.");
    }
}
