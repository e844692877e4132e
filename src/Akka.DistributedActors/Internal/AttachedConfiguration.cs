using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The HOCON side of a system the facade did not create. What a user set in <see cref="ClusterSystemSettings"/> is the part of
/// <see cref="HoconBuilder.Build"/> that differs from the build of the settings before they configured them; every such key
/// must hold in the running system's configuration (Akka.Hosting puts it there through <see cref="ToConfig"/>), or the attach
/// fails naming the setting and the HOCON line that would apply it.
/// </summary>
internal static partial class AttachedConfiguration
{
    /// <summary>Settings whose keys the facade applies to a running system itself, so they need not be in its configuration.</summary>
    public static readonly string[] AppliedAtRuntime = ["akka.loglevel", "akka.loggers"];

    // Longest prefix first where one is a prefix of another.
    private static readonly (string Prefix, string Setting)[] Settings =
    [
        ("akka.loglevel", "Logging.LogLevel"),
        ("akka.loggers", "Logging"),
        ("akka.remote.dot-netty.tcp.hostname", "Node.Host"),
        ("akka.remote.dot-netty.tcp.port", "Node.Port"),
        ("akka.remote.dot-netty.tcp.bind-hostname", "Node.BindHost"),
        ("akka.remote.dot-netty.tcp.bind-port", "Node.BindPort"),
        ("akka.remote.dot-netty.tcp.connection-timeout", "Node.ConnectTimeout"),
        ("akka.remote.dot-netty.tcp.enable-ssl", "Tls"),
        ("akka.remote.dot-netty.tcp.ssl", "Tls"),
        ("akka.cluster.roles", "Name/Roles"),
        ("akka.cluster.min-nr-of-members", "AutoLeaderElection"),
        ("akka.cluster.gossip-interval", "Gossip.Interval"),
        ("akka.cluster.leader-actions-interval", "Gossip.LeaderActionsInterval"),
        ("akka.cluster.unreachable-nodes-reaper-interval", "Gossip.UnreachableNodesReaperInterval"),
        ("akka.cluster.periodic-tasks-initial-delay", "Gossip.PeriodicTasksInitialDelay"),
        ("akka.cluster.seed-node-timeout", "Join.SeedNodeTimeout"),
        ("akka.cluster.retry-unsuccessful-join-after", "Join.RetryUnsuccessfulJoinAfter"),
        ("akka.cluster.failure-detector", "FailureDetector"),
        ("akka.cluster.downing-provider-class", "Downing"),
        ("akka.cluster.split-brain-resolver", "Downing"),
        ("akka.cluster.run-coordinated-shutdown-when-down", "OnDownAction"),
        ("akka.coordinated-shutdown.phases.before-service-unbind", "OnDownAction"),
        ("akka.management", "Discovery"),
        ("akka.cluster.distributed-data", "Receptionist"),
    ];

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainSegment();

    /// <summary>Every leaf of <paramref name="config"/> as path (segments quoted where needed) and value (arrays as <c>[a, b]</c>).</summary>
    public static Dictionary<string, string> Flatten(Config config)
    {
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(config.Root, "", leaves);
        return leaves;
    }

    /// <summary>The leaves of <paramref name="after"/> that <paramref name="before"/> lacks or holds with another value.</summary>
    public static Dictionary<string, string> Changed(Config before, Config after)
    {
        var old = Flatten(before);
        return Flatten(after)
            .Where(kv => !old.TryGetValue(kv.Key, out var value) || value != kv.Value)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>HOCON that sets exactly <paramref name="leaves"/>.</summary>
    public static Config ToConfig(IEnumerable<KeyValuePair<string, string>> leaves)
    {
        var sb = new StringBuilder();
        foreach (var (path, value) in leaves)
            sb.Append(path).Append(" = ").AppendLine(value.StartsWith('[') ? value : HoconBuilder.Quote(value));
        return ConfigurationFactory.ParseString(sb.ToString());
    }

    /// <summary>The <see cref="ClusterSystemSettings"/> property a HOCON key comes from.</summary>
    public static string SettingOf(string path) =>
        Settings.FirstOrDefault(s => path == s.Prefix || path.StartsWith(s.Prefix + ".", StringComparison.Ordinal)).Setting
        ?? nameof(ClusterSystemSettings.AdditionalHocon);

    /// <summary>
    /// Throws <see cref="ClusterSystemSettingsException"/> for the first setting in <paramref name="wanted"/> that
    /// <paramref name="system"/>'s configuration does not hold, except those in <see cref="AppliedAtRuntime"/>.
    /// </summary>
    public static void Verify(ActorSystem system, IReadOnlyDictionary<string, string> wanted)
    {
        var config = system.Settings.Config;
        foreach (var (path, value) in wanted.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (AppliedAtRuntime.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal))) continue;
            var actual = config.HasPath(path) ? Render(config.GetValue(path)) : null;
            if (actual is not null && SameValue(value, actual)) continue;
            var setting = SettingOf(path);
            var line = $"{path} = {(value.StartsWith('[') ? value : HoconBuilder.Quote(value))}";
            throw new ClusterSystemSettingsException(setting, value,
                $"cannot apply to ActorSystem {system.Name}, which was created with {path} = {actual ?? "(not set)"}: " +
                $"add `{line}` to its configuration (with Akka.Hosting: configure it in WithDistributedActors, not in later HOCON), " +
                $"or leave {setting} at the value the system has.");
        }
    }

    private static void Flatten(HoconValue value, string path, Dictionary<string, string> leaves)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items)
                Flatten(child, path.Length == 0 ? Segment(key) : path + "." + Segment(key), leaves);
            return;
        }
        if (path.Length > 0) leaves[path] = Render(value);
    }

    private static string Segment(string key) => PlainSegment().IsMatch(key) ? key : HoconBuilder.Quote(key);

    /// <summary>A list value as <see cref="Flatten(Config)"/> writes it.</summary>
    public static string Render(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(HoconBuilder.Quote)) + "]";

    // Akka's parser keeps an empty list (`keys = []`) as a value with nothing in it: neither an array nor a string.
    private static string Render(HoconValue value) =>
        value.IsArray() ? Render(value.GetArray().Select(v => v.GetString())) : value.GetString() ?? Render([]);

    private static bool SameValue(string wanted, string actual)
    {
        if (wanted == actual) return true;
        if (double.TryParse(wanted, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
            double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return a.Equals(b);
        if (Boolean(wanted) is { } x && Boolean(actual) is { } y) return x == y;
        return Duration(wanted) is { } t && Duration(actual) is { } u && t == u;
    }

    private static bool? Boolean(string value) => value switch
    {
        "on" or "true" or "yes" => true,
        "off" or "false" or "no" => false,
        _ => null,
    };

    private static TimeSpan? Duration(string value)
    {
        try
        {
            return ConfigurationFactory.ParseString($"d = {HoconBuilder.Quote(value)}").GetTimeSpan("d");
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or OverflowException)
        {
            return null;
        }
    }
}
