namespace Akka.DistributedActors;

/// <summary>Where a cluster singleton may run and how callers wait for it (Swift's <c>ClusterSingletonSettings</c>).</summary>
public sealed class ClusterSingletonSettings
{
    /// <summary>
    /// Only members with this role host the singleton (Akka picks the oldest of them); null (default) allows every member.
    /// Callers need not have the role.
    /// </summary>
    public string? Role { get; set; }

    /// <summary>How many calls a node buffers while no instance is known; a call beyond it fails at once. Default 2048 (as Swift; at most 10000, Akka's limit).</summary>
    public int BufferCapacity { get; set; } = 2048;

    /// <summary>
    /// How long a call may wait for an instance to be allocated before failing with <see cref="ClusterSingletonAllocationException"/>.
    /// Default 3 s (below the default call timeout of 5 s, which also bounds the wait).
    /// </summary>
    public TimeSpan AllocationTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a node looks for the current instance while it does not know it (Akka's singleton-identification-interval). Default 1 s.</summary>
    public TimeSpan IdentificationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the new host asks the old one to hand over (Akka's hand-over-retry-interval). Default 1 s.</summary>
    public TimeSpan HandOverRetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <see cref="IClusterSingleton.PassivateAsync"/> may delay a hand-over. Default 5 s.</summary>
    public TimeSpan PassivationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (Role is not null && string.IsNullOrWhiteSpace(Role))
            throw new ClusterSystemSettingsException(nameof(Role), Role, "must be null (any member) or a non-empty role name.");
        if (BufferCapacity is < 0 or > 10000)
            throw new ClusterSystemSettingsException(nameof(BufferCapacity), BufferCapacity, "must be between 0 and 10000.");
        Positive(nameof(AllocationTimeout), AllocationTimeout);
        Positive(nameof(IdentificationInterval), IdentificationInterval);
        Positive(nameof(HandOverRetryInterval), HandOverRetryInterval);
        Positive(nameof(PassivationTimeout), PassivationTimeout);
    }

    private static void Positive(string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero) throw new ClusterSystemSettingsException(name, value, "must be a positive duration.");
    }
}
