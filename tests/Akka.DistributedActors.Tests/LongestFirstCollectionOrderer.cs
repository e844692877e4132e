using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer(
    "Akka.DistributedActors.Tests.LongestFirstCollectionOrderer", "Akka.DistributedActors.Tests")]

namespace Akka.DistributedActors.Tests;

/// <summary>
/// Starts the chaos suite (about five minutes, three seeds in a row) before every other test class. It bounds the project's run
/// time; the other classes together take about as long on the second of the two CI cores, so started late it made the run a
/// minute longer. The other collections keep their order.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <inheritdoc />
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName.EndsWith("." + nameof(Chaos.ChaosTests), StringComparison.Ordinal) ? 0 : 1);
}
