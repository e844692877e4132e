namespace Akka.DistributedActors;

/// <summary>Akka.NET's phi-accrual failure detector (<c>akka.cluster.failure-detector</c>); defaults are Akka's.</summary>
public sealed class FailureDetectorSettings
{
    /// <summary>How often heartbeats are sent; default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long missing heartbeats are tolerated before a member is unreachable; default 3 s.</summary>
    public TimeSpan AcceptableHeartbeatPause { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Phi threshold above which a member is suspected; default 8.0.</summary>
    public double Threshold { get; set; } = 8.0;

    /// <summary>Time after which the first heartbeat response is expected; default 1 s.</summary>
    public TimeSpan ExpectedResponseAfter { get; set; } = TimeSpan.FromSeconds(1);
}
