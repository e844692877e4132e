namespace Akka.DistributedActors.Tests.Chaos;

/// <summary>The theory of one chaos lane, reported skipped when no seed of the run falls in the lane (a <c>CHAOS_SEEDS</c> of fewer seeds).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChaosLaneTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory when <see cref="ChaosTests.SeedsOfLane"/> of <paramref name="lane"/> is empty.</summary>
    public ChaosLaneTheoryAttribute(int lane)
    {
        if (ChaosTests.SeedsOfLane(lane).Count == 0) Skip = $"no chaos seed of this run falls in lane {lane} (seed mod {ChaosTests.Lanes})";
    }
}
