using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Chaos;

/// <summary>The chaos seeds whose remainder by <see cref="ChaosTests.Lanes"/> is 0 (seed 3 by default), beside the other lanes.</summary>
public sealed class ChaosLane0Tests(ITestOutputHelper output) : ChaosTests(output)
{
    /// <summary>Membership and calls stay consistent under the random faults of each seed of this lane.</summary>
    [ChaosLaneTheory(0)]
    [MemberData(nameof(LaneSeeds), 0, MemberType = typeof(ChaosTests))]
    public Task Membership_and_calls_stay_consistent_under_random_faults(int seed) => RunSeedAsync(seed);
}
