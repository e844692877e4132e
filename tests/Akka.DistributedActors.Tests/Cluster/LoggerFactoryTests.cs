using Akka.DistributedActors.Internal;
using Akka.Event;
using Akka.DistributedActors.TestKit;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class LoggerFactoryTests
{
    [Fact]
    public async Task Started_system_writes_akka_and_facade_logs_to_the_logger_factory_by_source()
    {
        var logs = new RecordingLoggerFactory();
        var system = await ClusterSystem.StartAsync("logs", s =>
        {
            s.Node.Port = 0;
            s.Logging.LoggerFactory = logs;
        });
        try
        {
            system.Log.Warning("facade says {0}", "hi");

            await ClusteredSystemsTestBase.EventuallyAsync(() =>
            {
                Assert.Contains(logs.Entries, e => e is { Category: "Akka.Cluster", Level: MelLogLevel.Information } &&
                    e.Message.Contains("Started up successfully", StringComparison.Ordinal));
                Assert.Contains(logs.Entries, e => e is { Level: MelLogLevel.Warning, Message: "facade says hi" });
            }, TimeSpan.FromSeconds(10));
        }
        finally
        {
            await system.ShutdownAsync();
        }
    }

    [Fact]
    public void Categories_are_the_logging_class_or_the_named_source_and_levels_map_to_the_nearest()
    {
        Assert.Equal(typeof(LoggerFactoryTests).FullName, LoggerFactoryBridge.CategoryOf(new Info("akka://sys/user/a", typeof(LoggerFactoryTests), "m")));
        Assert.Equal("Akka.Cluster", LoggerFactoryBridge.CategoryOf(new Info("Cluster (akka://sys)", typeof(DummyClassForStringSources), "m")));
        Assert.Equal("Akka.remoting-terminator", LoggerFactoryBridge.CategoryOf(new Info("remoting-terminator", typeof(DummyClassForStringSources), "m")));
        Assert.Equal("Akka.ActorSystem", LoggerFactoryBridge.CategoryOf(new Info("akka://sys", typeof(DummyClassForStringSources), "m")));
        Assert.Equal(MelLogLevel.Debug, LoggerFactoryBridge.ToLevel(Akka.Event.LogLevel.DebugLevel));
        Assert.Equal(MelLogLevel.Information, LoggerFactoryBridge.ToLevel(Akka.Event.LogLevel.InfoLevel));
        Assert.Equal(MelLogLevel.Warning, LoggerFactoryBridge.ToLevel(Akka.Event.LogLevel.WarningLevel));
        Assert.Equal(MelLogLevel.Error, LoggerFactoryBridge.ToLevel(Akka.Event.LogLevel.ErrorLevel));
    }
}
