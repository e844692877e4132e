using System.Globalization;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The logger behind <c>Logging.UseBuiltInFormatter</c>: one line per event on standard output,
/// <c>time [level] [source] message</c>, plus the exception when there is one.
/// </summary>
internal sealed class BuiltInLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public BuiltInLogger()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e => Console.Out.WriteLine(Format(e)));
    }

    public static string Format(LogEvent e)
    {
        var level = e.LogLevel() switch
        {
            Akka.Event.LogLevel.DebugLevel => "debug",
            Akka.Event.LogLevel.InfoLevel => "info",
            Akka.Event.LogLevel.WarningLevel => "warning",
            _ => "error",
        };
        var line = $"{e.Timestamp.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)} [{level}] [{e.LogSource}] {e.Message}";
        return e.Cause is null ? line : line + Environment.NewLine + e.Cause;
    }
}
