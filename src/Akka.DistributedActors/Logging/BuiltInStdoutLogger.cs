using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Akka's stdout logger (<c>akka.stdout-logger-class</c>) when the built-in formatter is on: the lines Akka prints before
/// the loggers have started and after they have stopped get the same format and filter, at the default levels
/// (Akka creates this logger without the system's settings).
/// </summary>
internal sealed class BuiltInStdoutLogger : MinimalLogger
{
    private readonly LogFilter _filter = new(Akka.Event.LogLevel.InfoLevel, Akka.Event.LogLevel.WarningLevel);

    protected override void Log(object message)
    {
        if (message is LogEvent e && _filter.Render(e) is { } line) Console.Out.WriteLine(line);
    }
}
