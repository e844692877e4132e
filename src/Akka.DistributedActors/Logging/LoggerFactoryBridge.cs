using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.DependencyInjection;
using Akka.Dispatch;
using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Akka.DistributedActors.Internal;

/// <summary>Carries <see cref="LoggingSettings.LoggerFactory"/> into the ActorSystem, where <see cref="LoggerFactoryBridge"/> finds it.</summary>
internal sealed class LoggerFactorySetup(ILoggerFactory factory) : Setup
{
    public ILoggerFactory Factory { get; } = factory;
}

/// <summary>
/// An Akka logger that writes every log event to an <see cref="ILoggerFactory"/>: the one of a <see cref="LoggerFactorySetup"/>,
/// else the one registered in the system's Akka.DependencyInjection services (the host's, under Akka.Hosting). Categories are
/// the logging class; the event's source (actor path or node) is a scope value, <c>AkkaSource</c>.
/// </summary>
internal sealed class LoggerFactoryBridge : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public static readonly string HoconName = $"{typeof(LoggerFactoryBridge).FullName}, {typeof(LoggerFactoryBridge).Assembly.GetName().Name}";

    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private ILoggerFactory? _factory;

    public LoggerFactoryBridge()
    {
        Receive<InitializeLogger>(_ =>
        {
            _factory = FactoryOf(Context.System);
            Sender.Tell(new LoggerInitialized());
        });
        Receive<LogEvent>(Write);
    }

    /// <summary>A bridge subscribed to the event stream of a running system, writing to <paramref name="factory"/>.</summary>
    public LoggerFactoryBridge(ILoggerFactory factory) : this() => _factory = factory;

    /// <summary>The factory a system's log events go to, or null when it has none.</summary>
    public static ILoggerFactory? FactoryOf(ActorSystem system)
    {
        var setup = system.Settings.Setup.Get<LoggerFactorySetup>();
        if (setup.HasValue) return setup.Value.Factory;
        return system.Settings.Setup.Get<DependencyResolverSetup>().HasValue
            ? DependencyResolver.For(system).Resolver.GetService<ILoggerFactory>()
            : null;
    }

    public static MelLogLevel ToLevel(AkkaLogLevel level) => level switch
    {
        AkkaLogLevel.DebugLevel => MelLogLevel.Debug,
        AkkaLogLevel.InfoLevel => MelLogLevel.Information,
        AkkaLogLevel.WarningLevel => MelLogLevel.Warning,
        _ => MelLogLevel.Error,
    };

    /// <summary>
    /// The logging class (an actor's type, e.g. <c>Akka.Cluster.ClusterHeartbeatSender</c>); for events logged under a name
    /// instead of a class, <c>Akka.</c> and that name without the system suffix (<c>"Cluster (akka://sys)"</c> gives
    /// <c>Akka.Cluster</c>).
    /// </summary>
    public static string CategoryOf(LogEvent e)
    {
        if (e.LogClass is { } type && type != typeof(DummyClassForStringSources)) return type.FullName ?? type.Name;
        var source = e.LogSource ?? "";
        var cut = source.IndexOf(" (", StringComparison.Ordinal);
        return "Akka." + (cut > 0 ? source[..cut] : source.Length > 0 && !source.Contains("://", StringComparison.Ordinal) ? source : "ActorSystem");
    }

    private void Write(LogEvent e)
    {
        if (_factory is null) return;
        var category = CategoryOf(e);
        var logger = _loggers.GetOrAdd(category, _factory.CreateLogger);
        var level = ToLevel(e.LogLevel());
        if (!logger.IsEnabled(level)) return;
        using (logger.BeginScope(new KeyValuePair<string, object?>[] { new("AkkaSource", e.LogSource), new("AkkaThread", e.Thread.ManagedThreadId) }))
        {
            logger.Log(level, default, e.Message?.ToString() ?? "", e.Cause, static (message, _) => message);
        }
    }
}
