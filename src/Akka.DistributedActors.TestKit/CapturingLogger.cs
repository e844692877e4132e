using System.Collections.Concurrent;
using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// An Akka logger that keeps every log line of its ActorSystem in memory, so a test can print one node's log when it fails.
/// Enabled by the test kit's settings (<c>akka.loggers</c>).
/// </summary>
public sealed class CapturingLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private static readonly ConcurrentDictionary<ActorSystem, ConcurrentQueue<(DateTime At, string Line)>> Logs = new();

    /// <summary>Creates the logger; Akka does this when the system starts.</summary>
    public CapturingLogger()
    {
        var lines = Logs.GetOrAdd(Context.System, _ => new ConcurrentQueue<(DateTime, string)>());
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<Flush>(_ => Sender.Tell(Flush.Instance));
        Receive<LogEvent>(e =>
        {
            var line = $"{e.Timestamp.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} [{e.LogLevel().ToString().Replace("Level", "")}] [{e.LogSource}] {e.Message}";
            if (e.Cause is not null) line += Environment.NewLine + e.Cause;
            lines.Enqueue((e.Timestamp, line));
            Echo?.Invoke(line);
        });
    }

    // Set in multi-node processes, whose standard output the conductor keeps as the node's log (it survives a kill).
    internal static Action<string>? Echo { get; set; }

    /// <summary>Every line captured so far for <paramref name="system"/> (empty when capturing is off).</summary>
    public static IReadOnlyList<string> LinesOf(ActorSystem system) => EntriesOf(system).Select(e => e.Line).ToArray();

    // Each line with the UTC time Akka stamped on its event, for the merged timeline.
    internal static IReadOnlyList<(DateTime At, string Line)> EntriesOf(ActorSystem system) =>
        Logs.TryGetValue(system, out var lines) ? lines.ToArray() : [];

    /// <summary>
    /// Returns once every line logged on <paramref name="system"/> before the call has been captured (and echoed): logging is
    /// asynchronous, and a process that exits right after logging would otherwise lose its last lines.
    /// </summary>
    internal static Task FlushAsync(ActorSystem system, TimeSpan within) =>
        system.ActorSelection("/system/log*").Ask<Flush>(Flush.Instance, within);

    /// <summary>Forgets the lines of <paramref name="system"/>.</summary>
    public static void Forget(ActorSystem system) => Logs.TryRemove(system, out _);

    // Answered in mailbox order, so after every log event published before it.
    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }
}
