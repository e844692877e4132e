using System.Net;
using System.Net.Sockets;
using Akka.DistributedActors.Tests.Cluster;

namespace Akka.DistributedActors.Tests;

public sealed class SettingsValidationTests
{
    public static TheoryData<string, Action<ClusterSystemSettings>, string> InvalidSettings => new()
    {
        { "Name", s => s.Name = "", "\"\"" },
        { "Name", s => s.Name = "has space", "\"has space\"" },
        { "ClusterName", s => s.ClusterName = "bad/name", "\"bad/name\"" },
        { "Node.Host", s => s.Node.Host = "not a host!", "\"not a host!\"" },
        { "Node.Port", s => s.Node.Port = 70000, "70000" },
        { "Node.Port", s => s.Node.Port = -1, "-1" },
        { "Node.BindHost", s => s.Node.BindHost = "bad host", "\"bad host\"" },
        { "Node.BindPort", s => s.Node.BindPort = 65536, "65536" },
        { "Node.ConnectTimeout", s => s.Node.ConnectTimeout = TimeSpan.Zero, "0ms" },
        { "FailureDetector.HeartbeatInterval", s => s.FailureDetector.HeartbeatInterval = TimeSpan.Zero, "0ms" },
        { "FailureDetector.AcceptableHeartbeatPause", s => s.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(-1), "-1000ms" },
        { "FailureDetector.Threshold", s => s.FailureDetector.Threshold = 0, "0" },
        { "Gossip.Interval", s => s.Gossip.Interval = TimeSpan.Zero, "0ms" },
        { "Join.RetryInterval", s => s.Join.RetryInterval = TimeSpan.FromMilliseconds(-5), "-5ms" },
        { "AutoLeaderElection.MinNumberOfMembers", s => s.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(0), "0" },
        { "Roles[0]", s => s.Roles.Add(""), "\"\"" },
        { "EventStreamBufferSize", s => s.EventStreamBufferSize = 0, "0" },
        { "AppVersion", s => s.AppVersion = "1.0 beta", "\"1.0 beta\"" },
        { "AdditionalHocon", s => s.AdditionalHocon = "= = =", "\"= = =\"" },
        { "Logging.UseBuiltInFormatter", s => { s.Logging.UseBuiltInFormatter = true; s.Logging.LoggerFactory = new Cluster.RecordingLoggerFactory(); }, "True" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_setting_fails_at_start_naming_the_setting_and_value(string setting, Action<ClusterSystemSettings> breakIt, string shownValue)
    {
        var settings = new ClusterSystemSettings("valid") { Node = { Port = 0 } };
        breakIt(settings);

        var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() => ClusterSystem.StartAsync(settings));

        Assert.Equal(setting, error.SettingName);
        Assert.Contains($"{setting} = {shownValue}", error.Message);
    }

    [Fact]
    public async Task Port_in_use_fails_at_start_naming_the_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() =>
                ClusterSystem.StartAsync("busy", s => s.Node.Port = port));

            Assert.Equal("Node.Port", error.SettingName);
            Assert.Contains($"Node.Port = {port}", error.Message);
            Assert.Contains("already in use", error.Message);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Port_of_a_running_node_is_in_use_for_a_second_node()
    {
        await using var first = await ClusterSystem.StartAsync("first", s => s.Node.Port = 0);
        var port = first.Cluster.UniqueNode.Port;

        var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() =>
            ClusterSystem.StartAsync("second", s => s.Node.Port = port));

        Assert.Equal("Node.Port", error.SettingName);
        Assert.Contains("already in use", error.Message);
    }

    [Fact]
    public async Task Host_that_is_not_an_address_of_this_machine_fails_naming_the_host()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a local interface, and nothing is sent to it.
        var error = await Assert.ThrowsAsync<ClusterSystemSettingsException>(() =>
            ClusterSystem.StartAsync("elsewhere", s => { s.Node.Host = "192.0.2.1"; s.Node.Port = 0; }));

        Assert.Equal("Node.Host", error.SettingName);
        Assert.Contains("192.0.2.1", error.Message);
    }

    [Fact]
    public async Task Port_zero_binds_a_free_port_reported_in_unique_node()
    {
        await using var system = await ClusterSystem.StartAsync("free", s => s.Node.Port = 0);

        Assert.InRange(system.Cluster.UniqueNode.Port, 1, 65535);
        Assert.Equal("free", system.Cluster.UniqueNode.SystemName);
        Assert.Equal("127.0.0.1", system.Cluster.UniqueNode.Host);
    }

    [Fact]
    public void Defaults_follow_swift()
    {
        var settings = new ClusterSystemSettings();

        Assert.Equal("ClusterSystem", settings.Name);
        Assert.Equal("ClusterSystem", settings.ClusterName);
        Assert.Equal("127.0.0.1", settings.Node.Host);
        Assert.Equal(7337, settings.Node.Port);
        Assert.Equal(2, settings.AutoLeaderElection.MinNumberOfMembers);
        Assert.False(settings.Logging.UseBuiltInFormatter);
        Assert.Equal(LogLevel.Info, settings.Logging.LogLevel);
    }
}
