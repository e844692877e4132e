namespace Akka.DistributedActors;

/// <summary>
/// How the cluster leader is chosen. Akka.NET always elects the reachable member with the lowest address; the minimum
/// number of members (Akka's <c>min-nr-of-members</c>) holds every member at Joining until that many have joined.
/// </summary>
public sealed class LeadershipSelectionSettings
{
    private LeadershipSelectionSettings(int minNumberOfMembers) => MinNumberOfMembers = minNumberOfMembers;

    /// <summary>The lowest reachable member leads once at least <paramref name="minNumberOfMembers"/> members have joined (Swift default: 2).</summary>
    public static LeadershipSelectionSettings LowestReachable(int minNumberOfMembers) => new(minNumberOfMembers);

    /// <summary>The number of members needed before anyone is moved up.</summary>
    public int MinNumberOfMembers { get; }

    /// <inheritdoc />
    public override string ToString() => $"LowestReachable(minNumberOfMembers: {MinNumberOfMembers})";
}
