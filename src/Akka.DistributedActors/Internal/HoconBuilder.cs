using System.Globalization;
using System.Text;
using System.Text.Json;
using Akka.Configuration;

namespace Akka.DistributedActors.Internal;

/// <summary>Turns validated <see cref="ClusterSystemSettings"/> into the Akka.NET configuration of an owned ActorSystem.</summary>
internal static partial class HoconBuilder
{
    public static Config Build(ClusterSystemSettings s)
    {
        var roles = new List<string> { AkkaConversions.NameRolePrefix + s.Name };
        roles.AddRange(s.Roles);
        var sb = new StringBuilder();
        sb.AppendLine("akka {");
        // The built-in formatter filters Akka's lines by their own level, so the bus carries the lower of the two.
        var busLevel = s.Logging.UseBuiltInFormatter && s.Logging.AkkaLogLevel < s.Logging.LogLevel ? s.Logging.AkkaLogLevel : s.Logging.LogLevel;
        sb.AppendLine($"  loglevel = {AkkaLogLevel(busLevel)}");
        sb.AppendLine("  stdout-loglevel = WARNING");
        sb.AppendLine("  log-dead-letters-during-shutdown = off");
        if (s.Logging.LoggerFactory is not null)
            sb.AppendLine($"  loggers = [{Quote(LoggerFactoryBridge.HoconName)}]");
        else if (s.Logging.UseBuiltInFormatter)
        {
            sb.AppendLine($"  loggers = [{Quote(typeof(BuiltInLogger).AssemblyQualifiedNameWithoutVersion())}]");
            // Akka prints through its stdout logger before the loggers start and after they stop (shutdown); same format there.
            sb.AppendLine($"  stdout-logger-class = {Quote(typeof(BuiltInStdoutLogger).AssemblyQualifiedNameWithoutVersion())}");
            sb.AppendLine($"  distributed-actors.logging.level = {s.Logging.LogLevel}");
            sb.AppendLine($"  distributed-actors.logging.akka-level = {s.Logging.AkkaLogLevel}");
            if (s.Logging.Output is { } output)
            {
                var key = Guid.NewGuid().ToString("N");
                BuiltInLogger.RegisterOutput(key, output);
                sb.AppendLine($"  distributed-actors.logging.output = {Quote(key)}");
            }
        }
        sb.AppendLine("  actor.provider = cluster");
        // Each node writes only on connections it opened. With Akka's default (on), a node restarted on the same address can
        // be left unable to read anything a member sends it (the member writes on the connection that the restarted node has
        // stopped reading, Akka issue akka/akka-core#24393), so its join is never answered (ReplacementJoinTests).
        sb.AppendLine("  remote.use-passive-connections = off");
        sb.AppendLine("  remote.dot-netty.tcp {");
        sb.AppendLine($"    hostname = {Quote(s.Node.Host)}");
        sb.AppendLine($"    port = {s.Node.Port}");
        if (s.Node.BindHost is not null) sb.AppendLine($"    bind-hostname = {Quote(s.Node.BindHost)}");
        if (s.Node.BindPort is { } bp) sb.AppendLine($"    bind-port = {bp}");
        // Also the handshake timeout of DotNetty associations (see NodeSettings.ConnectTimeout for why it matters).
        sb.AppendLine($"    connection-timeout = {Ms(s.Node.ConnectTimeout)}");
        // DotNetty batching flushes early once this many writes wait for one flush. Akka's 30 is below the calls in flight at
        // 32 callers, so a busy connection flushed in small pieces; 128 lets one flush carry them. A lone write is flushed at
        // once either way (benchmarks/README.md, transport).
        sb.AppendLine("    batching.max-pending-writes = 128");
        sb.AppendLine("  }");
        sb.AppendLine("  cluster {");
        sb.AppendLine($"    roles = [{string.Join(", ", roles.Select(Quote))}]");
        if (s.AppVersion is not null) sb.AppendLine($"    app-version = {Quote(s.AppVersion)}");
        sb.AppendLine($"    min-nr-of-members = {s.AutoLeaderElection.MinNumberOfMembers}");
        sb.AppendLine($"    gossip-interval = {Ms(s.Gossip.Interval)}");
        sb.AppendLine($"    leader-actions-interval = {Ms(s.Gossip.LeaderActionsInterval)}");
        sb.AppendLine($"    unreachable-nodes-reaper-interval = {Ms(s.Gossip.UnreachableNodesReaperInterval)}");
        sb.AppendLine($"    periodic-tasks-initial-delay = {Ms(s.Gossip.PeriodicTasksInitialDelay)}");
        sb.AppendLine($"    seed-node-timeout = {Ms(s.Join.SeedNodeTimeout)}");
        sb.AppendLine($"    retry-unsuccessful-join-after = {Ms(s.Join.RetryUnsuccessfulJoinAfter)}");
        sb.AppendLine("    failure-detector {");
        sb.AppendLine($"      heartbeat-interval = {Ms(s.FailureDetector.HeartbeatInterval)}");
        sb.AppendLine($"      acceptable-heartbeat-pause = {Ms(s.FailureDetector.AcceptableHeartbeatPause)}");
        sb.AppendLine($"      expected-response-after = {Ms(s.FailureDetector.ExpectedResponseAfter)}");
        sb.AppendLine($"      threshold = {s.FailureDetector.Threshold.ToString(CultureInfo.InvariantCulture)}");
        sb.AppendLine("    }");
        sb.AppendLine("  }");
        sb.AppendLine("}");
        AppendActors(s, sb);
        AppendDowning(s, sb);
        AppendDiscovery(s, sb);
        AppendSecurity(s, sb);
        AppendReception(s, sb);
        var generated = ConfigurationFactory.ParseString(sb.ToString());
        if (string.IsNullOrWhiteSpace(s.AdditionalHocon)) return generated;
        Config extra;
        try
        {
            extra = ConfigurationFactory.ParseString(s.AdditionalHocon);
        }
        catch (Exception e)
        {
            throw new ClusterSystemSettingsException(nameof(ClusterSystemSettings.AdditionalHocon), s.AdditionalHocon,
                $"is not valid HOCON ({e.Message}).", e);
        }
        return extra.WithFallback(generated);
    }

    // Each concept appends its own HOCON (full paths, e.g. "akka.cluster.downing-provider-class = ...") in its partial file,
    // <Concept>/HoconBuilder.<Concept>.cs.
    static partial void AppendActors(ClusterSystemSettings s, StringBuilder sb);

    static partial void AppendDowning(ClusterSystemSettings s, StringBuilder sb);

    static partial void AppendDiscovery(ClusterSystemSettings s, StringBuilder sb);

    static partial void AppendSecurity(ClusterSystemSettings s, StringBuilder sb);

    static partial void AppendReception(ClusterSystemSettings s, StringBuilder sb);

    public static string Quote(string value) => JsonSerializer.Serialize(value);

    public static string OnOff(bool value) => value ? "on" : "off";

    public static string Ms(TimeSpan t) => Math.Max(1L, (long)Math.Ceiling(t.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string AkkaLogLevel(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO",
        LogLevel.Warning => "WARNING",
        LogLevel.Error => "ERROR",
        _ => "OFF",
    };

    private static string AssemblyQualifiedNameWithoutVersion(this Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
