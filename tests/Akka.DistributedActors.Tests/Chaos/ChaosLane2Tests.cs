using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Chaos;

/// <summary>The chaos seeds whose remainder by <see cref="ChaosTests.Lanes"/> is 2 (seed 2 by default), beside the other lanes.</summary>
public sealed class ChaosLane2Tests(ITestOutputHelper output) : ChaosTests(output)
{
    /// <summary>Membership and calls stay consistent under the random faults of each seed of this lane.</summary>
    [ChaosLaneTheory(2)]
    [MemberData(nameof(LaneSeeds), 2, MemberType = typeof(ChaosTests))]
    public Task Membership_and_calls_stay_consistent_under_random_faults(int seed) => RunSeedAsync(seed);
}
