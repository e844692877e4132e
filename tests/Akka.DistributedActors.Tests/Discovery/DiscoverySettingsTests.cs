using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;

namespace Akka.DistributedActors.Tests.Discovery;

public sealed class DiscoverySettingsTests
{
    [Fact]
    public void Static_list_with_port_zero_is_rejected_naming_the_entry()
    {
        var settings = new ClusterSystemSettings { Discovery = ServiceDiscoverySettings.Static(new Node("127.0.0.1", 7337), new Node("127.0.0.1", 0)) };

        var e = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Equal("Discovery.Nodes[1].Port", e.SettingName);
    }

    [Fact]
    public void Empty_static_list_and_bad_timings_are_rejected()
    {
        Assert.Equal("Discovery.Nodes",
            Assert.Throws<ClusterSystemSettingsException>(new ClusterSystemSettings { Discovery = ServiceDiscoverySettings.Static() }.Validate).SettingName);

        var discovery = ServiceDiscoverySettings.Akka("config", "svc");
        discovery.RequiredContactPoints = 0;
        Assert.Equal("Discovery.RequiredContactPoints",
            Assert.Throws<ClusterSystemSettingsException>(new ClusterSystemSettings { Discovery = discovery }.Validate).SettingName);

        discovery = ServiceDiscoverySettings.ClusterBootstrap("config", "svc", configure: b => b.ProbeInterval = TimeSpan.Zero);
        Assert.Equal("Discovery.Bootstrap.ProbeInterval",
            Assert.Throws<ClusterSystemSettingsException>(new ClusterSystemSettings { Discovery = discovery }.Validate).SettingName);
    }

    [Fact]
    public void Custom_discovery_of_non_node_instances_needs_a_map()
    {
        var e = Assert.Throws<ArgumentException>(() => ServiceDiscoverySettings.From(new InMemoryServiceDiscovery<string, string>(), "svc"));
        Assert.Equal("map", e.ParamName);
    }

    [Fact]
    public void Cluster_bootstrap_settings_become_akka_management_hocon()
    {
        // Only mapped into the HOCON, never bound; any valid port would do.
        var fallbackPort = FreePorts.Take(1)[0];
        var settings = new ClusterSystemSettings
        {
            Discovery = ServiceDiscoverySettings.ClusterBootstrap("config", "my-svc", "management", b =>
            {
                b.FilterOnFallbackPort = false;
                b.NewClusterEnabled = false;
                b.ContactWithAllContactPoints = false;
                b.ProbeInterval = TimeSpan.FromMilliseconds(700);
                b.ProbingFailureTimeout = TimeSpan.FromSeconds(4);
                b.FallbackPort = fallbackPort;
                b.ServiceNamespace = "prod";
            }),
        };
        settings.Discovery.RequiredContactPoints = 3;
        settings.Discovery.StableMargin = TimeSpan.FromSeconds(7);
        settings.Discovery.Interval = TimeSpan.FromMilliseconds(1500);
        settings.Discovery.ResolveTimeout = TimeSpan.FromSeconds(2);

        var config = HoconBuilder.Build(settings).GetConfig("akka.management.cluster.bootstrap");

        Assert.Equal("my-svc", config.GetString("contact-point-discovery.service-name"));
        Assert.Equal("config", config.GetString("contact-point-discovery.discovery-method"));
        Assert.Equal("management", config.GetString("contact-point-discovery.port-name"));
        Assert.Equal(3, config.GetInt("contact-point-discovery.required-contact-point-nr"));
        Assert.False(config.GetBoolean("contact-point.filter-on-fallback-port"));
        Assert.False(config.GetBoolean("new-cluster-enabled"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("contact-point-discovery.stable-margin"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetTimeSpan("contact-point-discovery.interval"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("contact-point-discovery.resolve-timeout"));
        Assert.Equal("prod", config.GetString("contact-point-discovery.service-namespace"));
        Assert.False(config.GetBoolean("contact-point-discovery.contact-with-all-contact-points"));
        Assert.Equal(TimeSpan.FromMilliseconds(700), config.GetTimeSpan("contact-point.probe-interval"));
        Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("contact-point.probing-failure-timeout"));
        Assert.Equal(fallbackPort, config.GetInt("contact-point.fallback-port"));
    }
}
