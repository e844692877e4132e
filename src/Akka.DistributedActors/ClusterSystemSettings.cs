using System.Text.RegularExpressions;

namespace Akka.DistributedActors;

/// <summary>
/// Everything a <see cref="ClusterSystem"/> is started with. Defaults follow Swift's <c>ClusterSystemSettings</c>
/// (name "ClusterSystem", 127.0.0.1:7337, leader once 2 members joined) and Akka.NET's timings. Validated at start:
/// an invalid value throws <see cref="ClusterSystemSettingsException"/> naming the setting and the value.
/// </summary>
public sealed partial class ClusterSystemSettings
{
    /// <summary>Default system name: "ClusterSystem".</summary>
    public const string DefaultName = "ClusterSystem";

    /// <summary>Default host: 127.0.0.1.</summary>
    public const string DefaultHost = "127.0.0.1";

    /// <summary>Default port: 7337.</summary>
    public const int DefaultPort = 7337;

    /// <summary>Default <see cref="NodeSettings.ConnectTimeout"/>: 5 s (Swift: 500 ms; Akka.Remote: 15 s).</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Creates default settings with the given system name.</summary>
    public ClusterSystemSettings(string name = DefaultName) => Name = name;

    /// <summary>
    /// This node's own system name (Swift's system name), shown as <c>Node.SystemName</c> of its member on every node.
    /// Nodes with different names join one cluster; see <see cref="ClusterName"/>. Default "ClusterSystem".
    /// </summary>
    public string Name { get; set; }

    /// <summary>
    /// The name of the Akka.NET ActorSystem, which must be the same on every node of one cluster (an Akka rule Swift does not have).
    /// Default "ClusterSystem".
    /// </summary>
    public string ClusterName { get; set; } = DefaultName;

    /// <summary>Where this node is reachable and binds.</summary>
    public NodeSettings Node { get; } = new();

    /// <summary>Logging output and level.</summary>
    public LoggingSettings Logging { get; } = new();

    /// <summary>Failure-detector timings.</summary>
    public FailureDetectorSettings FailureDetector { get; } = new();

    /// <summary>Gossip and leader timings.</summary>
    public GossipSettings Gossip { get; } = new();

    /// <summary>How joins are attempted and retried.</summary>
    public JoinSettings Join { get; } = new();

    /// <summary>Leader election: <c>LowestReachable(minNumberOfMembers: 2)</c> by default, as in Swift.</summary>
    public LeadershipSelectionSettings AutoLeaderElection { get; set; } = LeadershipSelectionSettings.LowestReachable(2);

    /// <summary>Roles of this node, visible in <c>Cluster.Member.Roles</c> on every node.</summary>
    public IList<string> Roles { get; } = new List<string>();

    /// <summary>
    /// How many events one event-stream subscriber may fall behind before its stream ends with
    /// <see cref="ClusterEventStreamOverflowException"/>; default 4096.
    /// </summary>
    public int EventStreamBufferSize { get; set; } = 4096;

    /// <summary>
    /// Extra HOCON applied on top of everything these settings generate: the escape hatch for any Akka.NET setting
    /// not exposed here. Null by default.
    /// </summary>
    public string? AdditionalHocon { get; set; }

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_-]*$")]
    private static partial Regex SystemNamePattern();

    /// <summary>Throws <see cref="ClusterSystemSettingsException"/> for the first invalid setting.</summary>
    public void Validate()
    {
        ValidateName(nameof(Name), Name);
        ValidateName(nameof(ClusterName), ClusterName);
        ValidateHost("Node.Host", Node.Host);
        ValidatePort("Node.Port", Node.Port);
        if (Node.BindHost is not null) ValidateHost("Node.BindHost", Node.BindHost);
        if (Node.BindPort is { } bindPort) ValidatePort("Node.BindPort", bindPort);
        Positive("Node.ConnectTimeout", Node.ConnectTimeout);
        if (!Enum.IsDefined(Logging.LogLevel))
            throw new ClusterSystemSettingsException("Logging.LogLevel", Logging.LogLevel, "not a defined LogLevel.");
        if (Logging.LoggerFactory is not null && Logging.UseBuiltInFormatter)
            throw new ClusterSystemSettingsException("Logging.UseBuiltInFormatter", true, "cannot be combined with Logging.LoggerFactory; choose one.");
        Positive("FailureDetector.HeartbeatInterval", FailureDetector.HeartbeatInterval);
        Positive("FailureDetector.AcceptableHeartbeatPause", FailureDetector.AcceptableHeartbeatPause);
        Positive("FailureDetector.ExpectedResponseAfter", FailureDetector.ExpectedResponseAfter);
        if (!(FailureDetector.Threshold > 0) || double.IsInfinity(FailureDetector.Threshold))
            throw new ClusterSystemSettingsException("FailureDetector.Threshold", FailureDetector.Threshold, "must be a positive number.");
        Positive("Gossip.Interval", Gossip.Interval);
        Positive("Gossip.LeaderActionsInterval", Gossip.LeaderActionsInterval);
        Positive("Gossip.UnreachableNodesReaperInterval", Gossip.UnreachableNodesReaperInterval);
        Positive("Gossip.PeriodicTasksInitialDelay", Gossip.PeriodicTasksInitialDelay);
        Positive("Join.RetryInterval", Join.RetryInterval);
        Positive("Join.GiveUpAfter", Join.GiveUpAfter);
        Positive("Join.SeedNodeTimeout", Join.SeedNodeTimeout);
        Positive("Join.RetryUnsuccessfulJoinAfter", Join.RetryUnsuccessfulJoinAfter);
        if (AutoLeaderElection is null)
            throw new ClusterSystemSettingsException(nameof(AutoLeaderElection), null, "must be set, e.g. LeadershipSelectionSettings.LowestReachable(2).");
        if (AutoLeaderElection.MinNumberOfMembers < 1)
            throw new ClusterSystemSettingsException("AutoLeaderElection.MinNumberOfMembers", AutoLeaderElection.MinNumberOfMembers, "must be at least 1.");
        for (var i = 0; i < Roles.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Roles[i]) || Roles[i].StartsWith(Internal.AkkaConversions.NameRolePrefix, StringComparison.Ordinal))
                throw new ClusterSystemSettingsException($"Roles[{i}]", Roles[i],
                    $"must be non-empty and must not start with the reserved prefix \"{Internal.AkkaConversions.NameRolePrefix}\".");
        }
        if (EventStreamBufferSize < 1)
            throw new ClusterSystemSettingsException(nameof(EventStreamBufferSize), EventStreamBufferSize, "must be at least 1.");
        ValidateActors();
        ValidateReception();
        ValidateDowning();
        ValidateDiscovery();
        ValidateSecurity();
    }

    // Each feature area validates its own settings in its partial file (<Area>/ClusterSystemSettings.<Area>.cs).
    partial void ValidateActors();

    partial void ValidateDowning();

    partial void ValidateDiscovery();

    partial void ValidateSecurity();

    partial void ValidateReception();

    internal static void ValidateName(string setting, string? name)
    {
        if (string.IsNullOrEmpty(name) || !SystemNamePattern().IsMatch(name))
            throw new ClusterSystemSettingsException(setting, name,
                "must be non-empty and contain only ASCII letters, digits, '-' and '_', starting with a letter or digit.");
    }

    internal static void ValidateHost(string setting, string? host)
    {
        if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new ClusterSystemSettingsException(setting, host, "is not a valid host name or IP address.");
    }

    internal static void ValidatePort(string setting, int port)
    {
        if (port is < 0 or > 65535)
            throw new ClusterSystemSettingsException(setting, port, "must be between 0 and 65535 (0 picks a free port).");
    }

    internal static void Positive(string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
            throw new ClusterSystemSettingsException(setting, value, "must be a positive duration.");
    }
}
