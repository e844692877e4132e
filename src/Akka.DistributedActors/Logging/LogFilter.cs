using System.Globalization;
using System.Text.RegularExpressions;
using Akka.Event;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// What the built-in formatter prints for each log event: the program's own lines from <c>Logging.LogLevel</c>, Akka.NET's
/// internal lines from <c>Logging.AkkaLogLevel</c>; expected network events as one line without a stack trace; a
/// misconfiguration Akka would repeat on every retry (unresolvable host, a peer that does not speak Akka remoting) named
/// once, its repetitions moved to Debug. One instance per system: it remembers which endpoints were already diagnosed.
/// </summary>
internal sealed partial class LogFilter(AkkaLogLevel programLevel, AkkaLogLevel akkaLevel)
{
    private readonly HashSet<string> _diagnosed = new(StringComparer.Ordinal);

    /// <summary>The line to print for <paramref name="e"/>, or null when it is below its level.</summary>
    public string? Render(LogEvent e)
    {
        var message = e.Message?.ToString() ?? "";
        var fromAkka = IsFromAkka(e);
        var level = e.LogLevel();
        if (fromAkka)
        {
            var (diagnosis, repeated) = Diagnose(e, message);
            // A diagnosis is the library's own line, so the program's level applies to it.
            if (diagnosis is not null)
                return AkkaLogLevel.WarningLevel >= programLevel ? Format(e.Timestamp, AkkaLogLevel.WarningLevel, e.LogSource, diagnosis) : null;
            if (repeated || IsExpected(e, message) || MentionsDiagnosed(message)) level = AkkaLogLevel.DebugLevel;
        }

        var threshold = fromAkka ? akkaLevel : programLevel;
        if (level < threshold) return null;
        var line = Format(e.Timestamp, level, e.LogSource, threshold == AkkaLogLevel.DebugLevel ? message : FirstLine(message));
        // A stack trace belongs to an unexpected failure (an error), or to anything when its source logs at Debug.
        if (e.Cause is null) return line;
        return level == AkkaLogLevel.ErrorLevel || threshold == AkkaLogLevel.DebugLevel
            ? line + Environment.NewLine + e.Cause
            : $"{line} ({e.Cause.GetType().Name}: {FirstLine(e.Cause.Message)})";
    }

    /// <summary>The one line for an unresolvable host.</summary>
    public static string UnresolvableHost(string host, string port) =>
        $"Cannot resolve host '{host}' (node {host}:{port}): no address is known for it. Check the host name and this machine's DNS; further attempts are logged at Debug.";

    /// <summary>The one line for joining or calling an endpoint that does not speak Akka.NET remoting.</summary>
    public static string NotAnAkkaEndpoint(string endpoint) =>
        $"{endpoint} does not speak Akka.NET remoting: it answered with data that is not an Akka frame. Is it an HTTP port (e.g. the management port) instead of the node's remoting port (Node.Port)? Further attempts are logged at Debug.";

    /// <summary>The one line for a client that connected to this node's remoting port without speaking Akka.NET remoting.</summary>
    public static string NotAnAkkaClient(string host, string port) =>
        $"A peer at {host}:{port} that does not speak Akka.NET remoting (an HTTP client or health check?) connected to this node's remoting port; its data was dropped. Further connections from {host} are logged at Debug.";

    /// <summary><c>time [level] [source] message</c>, the built-in formatter's line.</summary>
    public static string Format(DateTime timestamp, AkkaLogLevel level, string source, string message)
    {
        var name = level switch
        {
            AkkaLogLevel.DebugLevel => "debug",
            AkkaLogLevel.InfoLevel => "info",
            AkkaLogLevel.WarningLevel => "warning",
            _ => "error",
        };
        return $"{timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} [{name}] [{source}] {message}";
    }

    // Akka.NET's own components log through classes of its assemblies or through string sources named after the system
    // ("remoting (akka://ClusterSystem)"); the program logs through its actors, DistributedActor.Log and ActorSystem.Log.
    private static bool IsFromAkka(LogEvent e)
    {
        var type = e.LogClass;
        if (type is null || type == typeof(Akka.Actor.ActorSystem) || typeof(Akka.Actor.ActorSystem).IsAssignableFrom(type)) return false;
        if (type == typeof(DummyClassForStringSources))
            return e.LogSource.Contains("(akka://", StringComparison.Ordinal) || e.LogSource == "remoting-terminator";
        var ns = type.Namespace ?? "";
        return (ns == "Akka" || ns.StartsWith("Akka.", StringComparison.Ordinal) || ns.StartsWith("DotNetty", StringComparison.Ordinal))
               && !ns.StartsWith("Akka.DistributedActors", StringComparison.Ordinal);
    }

    // A peer that crashed or shut down: Akka logs the association's end twice (a warning, then the writer's failure with a
    // stack trace); the warning says it all. Akka's per-attempt AssociationError repeats the warning that follows it.
    private static bool IsExpected(LogEvent e, string message) =>
        e.Cause?.GetType().FullName == "Akka.Remote.EndpointDisassociatedException" ||
        message.StartsWith("AssociationError [", StringComparison.Ordinal);

    // The diagnosis when this event shows a misconfiguration for the first time; repeated when it was already named.
    private (string? Diagnosis, bool Repeated) Diagnose(LogEvent e, string message)
    {
        var text = e.Cause is null ? message : message + " " + e.Cause;
        if (e is Warning && text.Contains("SocketException", StringComparison.Ordinal) && HostNotFound().IsMatch(text)
            && AkkaAddress().Match(message) is { Success: true } address)
        {
            var (host, port) = (address.Groups["host"].Value, address.Groups["port"].Value);
            return _diagnosed.Add(Key(host, port)) ? (UnresolvableHost(host, port), false) : (null, true);
        }

        if (text.Contains("TooLongFrameException", StringComparison.Ordinal) && RemoteOfChannel().Match(message) is { Success: true } channel)
        {
            var host = Host(channel.Groups["host"].Value);
            var port = channel.Groups["port"].Value;
            if (e.LogSource.StartsWith("TcpServerHandler", StringComparison.Ordinal))
                return _diagnosed.Add("client " + host) ? (NotAnAkkaClient(host, port), false) : (null, true);
            return _diagnosed.Add(Key(host, port)) ? (NotAnAkkaEndpoint($"{host}:{port}"), false) : (null, true);
        }

        return (null, false);
    }

    private bool MentionsDiagnosed(string message)
    {
        if (_diagnosed.Count == 0) return false;
        foreach (Match m in AkkaAddress().Matches(message))
            if (_diagnosed.Contains(Key(m.Groups["host"].Value, m.Groups["port"].Value))) return true;
        return false;
    }

    private static string Key(string host, string port) => Host(host) + ":" + port;

    private static string Host(string host)
    {
        var h = host.Trim('[', ']').ToLowerInvariant();
        return h.StartsWith("::ffff:", StringComparison.Ordinal) && h.Contains('.') ? h["::ffff:".Length..] : h;
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end].TrimEnd() + " [...]";
    }

    [GeneratedRegex(@"akka(?:\.[a-z]+)*\.tcp://[^@\s\]/]+@(?<host>\[[^\]]+\]|[^:\s\]/@]+):(?<port>\d+)")]
    private static partial Regex AkkaAddress();

    [GeneratedRegex(@"->\s*(?:\[(?<host>[^\]]+)\]|(?<host>[^:\]\s]+)):(?<port>\d+)")]
    private static partial Regex RemoteOfChannel();

    // The resolver's messages on Linux, Windows and macOS.
    [GeneratedRegex("Name or service not known|No such host is known|nodename nor servname provided|Temporary failure in name resolution|No address associated with hostname", RegexOptions.IgnoreCase)]
    private static partial Regex HostNotFound();
}
