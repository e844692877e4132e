namespace Akka.DistributedActors;

/// <summary>
/// A call to a cluster singleton failed because no instance was allocated within <see cref="ClusterSingletonSettings.AllocationTimeout"/>,
/// or because the node's buffer of waiting calls (<see cref="ClusterSingletonSettings.BufferCapacity"/>) was full.
/// </summary>
public sealed class ClusterSingletonAllocationException : Exception
{
    /// <summary>Creates the exception with a message naming the singleton and the limit that was hit.</summary>
    public ClusterSingletonAllocationException(string message) : base(message)
    {
    }
}
