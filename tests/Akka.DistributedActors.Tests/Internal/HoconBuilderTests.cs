using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Akka.Event;

namespace Akka.DistributedActors.Tests.Internal;

public sealed class HoconBuilderTests
{
    [Fact]
    public void Typed_settings_become_the_matching_akka_settings()
    {
        // Nothing binds here; the ports only have to be distinct, nonzero values to map.
        var ports = FreePorts.Take(2);
        var settings = new ClusterSystemSettings("FirstSystem") { ClusterName = "shop" };
        settings.Node.Host = "10.1.2.3";
        settings.Node.Port = ports[0];
        settings.Node.BindHost = "0.0.0.0";
        settings.Node.BindPort = ports[1];
        settings.Logging.LogLevel = LogLevel.Warning;
        settings.FailureDetector.HeartbeatInterval = TimeSpan.FromMilliseconds(250);
        settings.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(2);
        settings.FailureDetector.Threshold = 9.5;
        settings.Gossip.Interval = TimeSpan.FromMilliseconds(300);
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(3);
        settings.Roles.Add("backend");
        settings.AppVersion = "2.1.0-rc1";

        var config = HoconBuilder.Build(settings);

        Assert.Equal("WARNING", config.GetString("akka.loglevel"));
        Assert.Equal("10.1.2.3", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(ports[0], config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal("0.0.0.0", config.GetString("akka.remote.dot-netty.tcp.bind-hostname"));
        Assert.Equal(ports[1], config.GetInt("akka.remote.dot-netty.tcp.bind-port"));
        // A member must not answer a restarted node on a connection that node opened (see ReplacementJoinTests).
        Assert.False(config.GetBoolean("akka.remote.use-passive-connections"));
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.remote.dot-netty.tcp.connection-timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(9.5, config.GetDouble("akka.cluster.failure-detector.threshold"));
        Assert.Equal(TimeSpan.FromMilliseconds(300), config.GetTimeSpan("akka.cluster.gossip-interval"));
        Assert.Equal(3, config.GetInt("akka.cluster.min-nr-of-members"));
        Assert.Equal(["dda-name:FirstSystem", "backend"], config.GetStringList("akka.cluster.roles"));
        Assert.Equal("2.1.0-rc1", config.GetString("akka.cluster.app-version"));
    }

    [Fact]
    public void Additional_hocon_overrides_generated_settings()
    {
        var settings = new ClusterSystemSettings { AdditionalHocon = "akka.cluster.gossip-interval = 5s" };

        var config = HoconBuilder.Build(settings);

        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("akka.cluster.gossip-interval"));
    }

    [Fact]
    public void Transport_batching_takes_the_measured_threshold_unless_additional_hocon_sets_it()
    {
        var facade = HoconBuilder.Build(new ClusterSystemSettings());
        var overridden = HoconBuilder.Build(new ClusterSystemSettings { AdditionalHocon = "akka.remote.dot-netty.tcp.batching.max-pending-writes = 30" });

        // The transport benchmark's winner (Akka's own default is 30).
        Assert.Equal(128, facade.GetInt("akka.remote.dot-netty.tcp.batching.max-pending-writes"));
        Assert.Equal(30, overridden.GetInt("akka.remote.dot-netty.tcp.batching.max-pending-writes"));
    }

    [Fact]
    public void Built_in_formatter_installs_its_logger_and_writes_one_line_per_event()
    {
        var settings = new ClusterSystemSettings { Logging = { UseBuiltInFormatter = true } };

        var config = HoconBuilder.Build(settings);
        var line = new LogFilter(Akka.Event.LogLevel.InfoLevel, Akka.Event.LogLevel.WarningLevel).Render(new Warning("source", typeof(HoconBuilderTests), "something odd"));

        Assert.Equal(["Akka.DistributedActors.Internal.BuiltInLogger, Akka.DistributedActors"], config.GetStringList("akka.loggers"));
        Assert.Equal("Akka.DistributedActors.Internal.BuiltInStdoutLogger, Akka.DistributedActors", config.GetString("akka.stdout-logger-class"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[warning\] \[source\] something odd$", line);
    }

    [Fact]
    public void Built_in_formatter_carries_the_lower_of_both_levels_on_the_bus()
    {
        var quiet = HoconBuilder.Build(new ClusterSystemSettings { Logging = { UseBuiltInFormatter = true } });
        var chatty = HoconBuilder.Build(new ClusterSystemSettings { Logging = { UseBuiltInFormatter = true, LogLevel = LogLevel.Warning, AkkaLogLevel = LogLevel.Debug } });

        Assert.Equal("INFO", quiet.GetString("akka.loglevel"));
        Assert.Equal("Warning", quiet.GetString("akka.distributed-actors.logging.akka-level"));
        Assert.Equal("DEBUG", chatty.GetString("akka.loglevel"));
        Assert.Equal("Warning", chatty.GetString("akka.distributed-actors.logging.level"));
    }
}
