using Microsoft.Extensions.Logging;

namespace Akka.DistributedActors;

/// <summary>How a <see cref="ClusterSystem"/> logs.</summary>
public sealed class LoggingSettings
{
    /// <summary>
    /// When true, log lines go to standard output in the library's compact one-line format
    /// (<c>time [level] [source] message</c>): <see cref="LogLevel"/> applies to the program's own lines, <see cref="AkkaLogLevel"/>
    /// to Akka.NET's, expected network events are one line without a stack trace, and a misconfiguration Akka would repeat on
    /// every retry is named once. When false (default), Akka's configured loggers are used unchanged.
    /// </summary>
    public bool UseBuiltInFormatter { get; set; }

    /// <summary>
    /// When set, Akka's log events and the facade's own go to this <c>Microsoft.Extensions.Logging</c> factory, one category per
    /// logging class (e.g. <c>Akka.Cluster.ClusterCoreDaemon</c>), Akka's levels mapped to the nearest <c>LogLevel</c>. Null by
    /// default (Akka's configured loggers, or <see cref="UseBuiltInFormatter"/>); under Akka.Hosting the host's factory is used
    /// unless this is set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>Minimum level to log; default <see cref="DistributedActors.LogLevel.Info"/>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Info;

    /// <summary>
    /// With <see cref="UseBuiltInFormatter"/>, the minimum level of Akka.NET's own lines (remoting, cluster gossip, dead letters);
    /// default <see cref="DistributedActors.LogLevel.Warning"/>. Set <see cref="DistributedActors.LogLevel.Info"/> or
    /// <see cref="DistributedActors.LogLevel.Debug"/> to see what Akka does, with stack traces at Debug.
    /// </summary>
    public LogLevel AkkaLogLevel { get; set; } = LogLevel.Warning;

    // Where the built-in formatter writes instead of standard output (tests read a system's log from it).
    internal TextWriter? Output { get; set; }
}
