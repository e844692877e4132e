namespace Akka.DistributedActors.TestKit;

/// <summary>
/// The settings every test node starts with: 127.0.0.1 and a free port, a leader from the first member, fast gossip
/// (200 ms) and failure detection (heartbeat 200 ms, pause 2 s: unreachable after ~2.5 s), join retries every 200 ms,
/// Akka's split-brain resolver (keep-majority) deciding after 2 s of stability, a downed node shutting down after 200 ms,
/// Akka's throttler adapter for fault injection, in-memory log capture, and no leave or CLR hook on plain termination
/// (so <c>Crash</c> is abrupt).
/// </summary>
public static class TestSettings
{
    /// <summary>HOCON the kit adds beneath the test's own <see cref="ClusterSystemSettings.AdditionalHocon"/>.</summary>
    public const string Hocon = """
        akka.loggers = ["Akka.DistributedActors.TestKit.CapturingLogger, Akka.DistributedActors.TestKit"]
        akka.remote.dot-netty.tcp.applied-adapters = [trttl]
        akka.remote.retry-gate-closed-for = 1s
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.log-dead-letters = off
        """;

    /// <summary>Applies the test defaults to <paramref name="settings"/>.</summary>
    public static void Apply(ClusterSystemSettings settings)
    {
        settings.Node.Host = "127.0.0.1";
        settings.Node.Port = 0;
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
        settings.Gossip.Interval = TimeSpan.FromMilliseconds(200);
        settings.Gossip.LeaderActionsInterval = TimeSpan.FromMilliseconds(200);
        settings.Gossip.UnreachableNodesReaperInterval = TimeSpan.FromMilliseconds(200);
        settings.Gossip.PeriodicTasksInitialDelay = TimeSpan.FromMilliseconds(100);
        settings.FailureDetector.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
        // Twice the longest whole-process stall measured while the suite runs on 2 cores (~1.2 s: GC pauses stretched by CPU
        // contention between the test processes); with 1 s, a stalled process saw healthy peers as unreachable.
        settings.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(2);
        settings.FailureDetector.ExpectedResponseAfter = TimeSpan.FromMilliseconds(200);
        settings.Join.RetryInterval = TimeSpan.FromMilliseconds(200);
        settings.Join.SeedNodeTimeout = TimeSpan.FromSeconds(1);
        settings.Join.RetryUnsuccessfulJoinAfter = TimeSpan.FromSeconds(1);
        settings.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings { StableAfter = TimeSpan.FromSeconds(2) });
        settings.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// Settings for a test node named <paramref name="name"/>: the test defaults, then each of <paramref name="configure"/> in
    /// order, then the kit's HOCON beneath the test's own.
    /// </summary>
    public static ClusterSystemSettings Create(string name, params Action<ClusterSystemSettings>?[] configure)
    {
        var settings = new ClusterSystemSettings(name);
        Apply(settings);
        foreach (var step in configure) step?.Invoke(settings);
        AddKitHocon(settings);
        return settings;
    }

    /// <summary>Puts the kit's HOCON beneath whatever HOCON the test set (the test's keys win).</summary>
    public static void AddKitHocon(ClusterSystemSettings settings) =>
        settings.AdditionalHocon = Hocon + Environment.NewLine + (settings.AdditionalHocon ?? "");
}
