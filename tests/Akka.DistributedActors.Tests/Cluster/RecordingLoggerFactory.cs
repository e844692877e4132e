using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>An <see cref="ILoggerFactory"/> whose loggers keep every entry: category, level and message.</summary>
internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public ConcurrentQueue<(string Category, Microsoft.Extensions.Logging.LogLevel Level, string Message)> Entries { get; } = new();

    public IEnumerable<string> Messages => Entries.Select(e => e.Message);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("Records only.");

    public void Dispose() { }

    private sealed class Logger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter) => factory.Entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
