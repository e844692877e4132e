using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using static Akka.DistributedActors.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class AttachTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static ActorSystem CreateExternalSystem(string seedNode) => ActorSystem.Create("ClusterSystem", ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.loglevel = WARNING
        akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, applied-adapters = [trttl] }
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.cluster {
          seed-nodes = ["{{seedNode}}"]
          roles = ["external-role"]
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          periodic-tasks-initial-delay = 100ms
          failure-detector.heartbeat-interval = 200ms
        }
        """));

    [Fact]
    public async Task Attached_system_configured_by_hocon_gives_the_same_events_and_outlives_the_facade()
    {
        var founder = await SetUpNodeAsync("founder");
        founder.Cluster.Join(founder.Cluster.Node);
        await founder.Cluster.JoinedAsync(DefaultWithin);
        var external = CreateExternalSystem(AkkaCluster.Get(founder.ActorSystem).SelfAddress.ToString());
        try
        {
            var attached = ClusterSystem.Attach(external);
            var probe = EventProbe(attached);

            await attached.Cluster.WaitForAsync([founder.Cluster.UniqueNode, attached.Cluster.UniqueNode], MemberStatus.Up, DefaultWithin);

            Assert.Equal("ClusterSystem", attached.Name);
            Assert.Contains("external-role", attached.Cluster.MembershipSnapshot.FindMember(attached.Cluster.UniqueNode)!.Roles);
            // The external system joins from its seed-nodes before Attach, so the founder's Up may reach the probe in
            // its first snapshot rather than as a change; what must hold is that the events replay to the membership.
            await EventuallyAsync(() =>
            {
                var replayed = probe.Replay();
                Assert.Equal(MemberStatus.Up, replayed.FindMember(founder.Cluster.UniqueNode)?.Status);
                Assert.Equal(MemberStatus.Up, replayed.FindMember(attached.Cluster.UniqueNode)?.Status);
                Assert.Equal(attached.Cluster.MembershipSnapshot, replayed);
            }, DefaultWithin);
            await founder.Cluster.WaitForAsync(attached.Cluster.UniqueNode, MemberStatus.Up, DefaultWithin);

            await attached.DisposeAsync();

            Assert.True(attached.IsTerminated);
            Assert.False(external.WhenTerminated.IsCompleted);
            await AssertHoldsAsync(() =>
            {
                Assert.False(external.WhenTerminated.IsCompleted);
                Assert.Equal(MemberStatus.Up, founder.Cluster.MembershipSnapshot.FindMember(attached.Cluster.UniqueNode)?.Status);
            }, TimeSpan.FromMilliseconds(500));
        }
        finally
        {
            await external.Terminate();
        }
    }

    [Fact]
    public void Attaching_a_system_without_akka_cluster_is_refused_with_a_clear_error()
    {
        using var plain = ActorSystem.Create("plain", "akka.loglevel = WARNING");

        var error = Assert.Throws<ArgumentException>(() => ClusterSystem.Attach(plain));

        Assert.Contains("akka.actor.provider = cluster", error.Message);
    }

    [Fact]
    public async Task Settings_are_applied_to_an_attached_system_or_refused_naming_what_its_hocon_lacks()
    {
        var external = ActorSystem.Create("ClusterSystem", ConfigurationFactory.ParseString("""
            akka.actor.provider = cluster
            akka.loglevel = WARNING
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.cluster.gossip-interval = 0.2s
            """));
        try
        {
            var refused = Assert.Throws<ClusterSystemSettingsException>(() => ClusterSystem.Attach(external, s =>
                s.Downing = DowningStrategySettings.Custom(_ => throw new InvalidOperationException("never built"))));
            Assert.Equal("Downing", refused.SettingName);
            Assert.Contains("akka.cluster.downing-provider-class = \"Akka.DistributedActors.DowningStrategyProvider", refused.Message);

            var logs = new RecordingLoggerFactory();
            var attached = ClusterSystem.Attach(external, s =>
            {
                s.Gossip.Interval = TimeSpan.FromMilliseconds(200);
                s.Logging.LogLevel = LogLevel.Info;
                s.Logging.LoggerFactory = logs;
            });
            await using var _ = attached;

            attached.Log.Info("attached and logging");
            await EventuallyAsync(() => Assert.Contains(logs.Messages, m => m == "attached and logging"), DefaultWithin);
        }
        finally
        {
            await external.Terminate();
        }
    }
}
