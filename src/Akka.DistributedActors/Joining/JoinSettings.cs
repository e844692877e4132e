namespace Akka.DistributedActors;

/// <summary>How <c>Cluster.Join</c> contacts another node and how long it keeps trying.</summary>
public sealed class JoinSettings
{
    /// <summary>How often a join request is re-sent until the other node answers; default 500 ms.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a join keeps retrying before it is given up (and logged); default 60 s.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Akka's <c>seed-node-timeout</c>: how long to wait for a contacted node to accept; default 5 s.</summary>
    public TimeSpan SeedNodeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Akka's <c>retry-unsuccessful-join-after</c>; default 10 s.</summary>
    public TimeSpan RetryUnsuccessfulJoinAfter { get; set; } = TimeSpan.FromSeconds(10);
}
