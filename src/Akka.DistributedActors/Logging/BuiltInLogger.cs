using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The logger behind <c>Logging.UseBuiltInFormatter</c>: one line per event on standard output,
/// <c>time [level] [source] message</c>, filtered and shortened by <see cref="LogFilter"/>.
/// </summary>
internal sealed class BuiltInLogger : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    /// <summary>HOCON path of the program's level (<c>Logging.LogLevel</c>).</summary>
    public const string LevelPath = "akka.distributed-actors.logging.level";

    /// <summary>HOCON path of Akka's own level (<c>Logging.AkkaLogLevel</c>).</summary>
    public const string AkkaLevelPath = "akka.distributed-actors.logging.akka-level";

    /// <summary>HOCON path naming a writer registered with <see cref="RegisterOutput"/> (standard output when absent).</summary>
    public const string OutputPath = "akka.distributed-actors.logging.output";

    private static readonly ConcurrentDictionary<string, TextWriter> Outputs = new();

    public BuiltInLogger()
    {
        var config = Context.System.Settings.Config;
        var filter = new LogFilter(Level(config.GetString(LevelPath, nameof(LogLevel.Info))), Level(config.GetString(AkkaLevelPath, nameof(LogLevel.Warning))));
        var outputKey = config.GetString(OutputPath, "");
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(e =>
        {
            if (filter.Render(e) is not { } line) return;
            var output = outputKey.Length > 0 && Outputs.TryGetValue(outputKey, out var w) ? w : Console.Out;
            output.WriteLine(line);
        });
    }

    /// <summary>Registers a writer for the systems whose settings name <paramref name="key"/> (tests capture a system's log this way).</summary>
    public static void RegisterOutput(string key, TextWriter writer) => Outputs[key] = writer;

    /// <summary>Akka's level for one of ours; <see cref="LogLevel.Off"/> is above every level Akka has.</summary>
    public static Akka.Event.LogLevel Level(string name) => Enum.Parse<LogLevel>(name) switch
    {
        LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Info => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        LogLevel.Error => Akka.Event.LogLevel.ErrorLevel,
        _ => Akka.Event.LogLevel.ErrorLevel + 1,
    };
}
