namespace Akka.DistributedActors;

/// <summary>How a <see cref="ClusterSystem"/> logs.</summary>
public sealed class LoggingSettings
{
    /// <summary>
    /// When true, log lines go to standard output in the library's compact one-line format
    /// (<c>time [level] [source] message</c>, where the source names the node for remote actors); when false (default), Akka's configured loggers are used unchanged.
    /// </summary>
    public bool UseBuiltInFormatter { get; set; }

    /// <summary>Minimum level to log; default <see cref="DistributedActors.LogLevel.Info"/>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Info;
}
