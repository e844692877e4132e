namespace Akka.DistributedActors.Tests;

/// <summary>Tests that must not run in parallel with any other test class (xunit runs this collection on its own).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    /// <summary>The collection's name, for <see cref="CollectionAttribute"/>.</summary>
    public const string Name = "solo";
}
