namespace Akka.DistributedActors;

/// <summary>Minimum level of log messages a <see cref="ClusterSystem"/> writes (mapped to <c>akka.loglevel</c>).</summary>
public enum LogLevel
{
    /// <summary>Everything, including Akka's debug messages.</summary>
    Debug,

    /// <summary>Informational messages and above (the default).</summary>
    Info,

    /// <summary>Warnings and errors.</summary>
    Warning,

    /// <summary>Errors only.</summary>
    Error,

    /// <summary>Nothing.</summary>
    Off,
}
