namespace Akka.DistributedActors.Tests;

/// <summary>
/// Marks a test class that takes tens of seconds, with about how long (<see cref="Seconds"/>, on a 2-core CI machine):
/// <see cref="LongestFirstCollectionOrderer"/> starts such classes first, longest first, so none of them starts last and runs
/// on alone while the other parallel threads are idle.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class LongRunningAttribute(int seconds) : Attribute
{
    /// <summary>About how long the class's tests take together, in seconds.</summary>
    public int Seconds { get; } = seconds;
}
