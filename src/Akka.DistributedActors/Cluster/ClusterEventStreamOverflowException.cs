namespace Akka.DistributedActors;

/// <summary>
/// Ends an event-stream enumeration whose reader fell more than <see cref="ClusterSystemSettings.EventStreamBufferSize"/>
/// events behind. Nothing else is affected; enumerate <c>Cluster.Events</c> again to get a fresh snapshot.
/// </summary>
public sealed class ClusterEventStreamOverflowException : Exception
{
    /// <summary>Creates the error for a subscriber whose buffer of <paramref name="bufferSize"/> events was full.</summary>
    public ClusterEventStreamOverflowException(int bufferSize)
        : base($"The cluster event subscriber fell more than {bufferSize} events behind (ClusterSystemSettings.EventStreamBufferSize) " +
               "and was unsubscribed; enumerate Cluster.Events again to continue from a fresh Snapshot.") => BufferSize = bufferSize;

    /// <summary>The buffer size that was exceeded.</summary>
    public int BufferSize { get; }
}
