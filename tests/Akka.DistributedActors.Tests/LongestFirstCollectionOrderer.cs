using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestCollectionOrderer(
    "Akka.DistributedActors.Tests.LongestFirstCollectionOrderer", "Akka.DistributedActors.Tests")]

namespace Akka.DistributedActors.Tests;

/// <summary>
/// Starts the test classes marked <see cref="LongRunningAttribute"/> first, longest first (the chaos lanes, about two minutes
/// each, bound the project's run time), then every other collection in its usual order: a long class started late ran on
/// alone at the end while the other parallel threads were idle.
/// </summary>
public sealed class LongestFirstCollectionOrderer : ITestCollectionOrderer
{
    /// <inheritdoc />
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderByDescending(SecondsOf);

    // xunit names a class's own collection "Test collection for <full class name>".
    private static int SecondsOf(ITestCollection collection)
    {
        const string prefix = "Test collection for ";
        if (!collection.DisplayName.StartsWith(prefix, StringComparison.Ordinal)) return 0;
        var type = typeof(LongestFirstCollectionOrderer).Assembly.GetType(collection.DisplayName[prefix.Length..]);
        return type?.GetCustomAttribute<LongRunningAttribute>()?.Seconds ?? 0;
    }
}
