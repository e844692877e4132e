using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Akka.DistributedActors.Tests.Actors;
using Xunit.Abstractions;
using AkkaCluster = Akka.Cluster.Cluster;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>
/// A cluster of plain Akka.NET nodes (an ActorSystem from HOCON, no facade code) and a facade node: the facade joins through
/// a plain node, sees the plain members and their changes like its own, refuses calls aimed at them, and names both system
/// names when its ClusterName does not match theirs.
/// </summary>
[LongRunning(20)]
public sealed class MixedClusterTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const string PlainSystemName = "ClusterSystem";
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);
    private readonly List<ActorSystem> _plain = [];

    [Fact]
    public async Task Facade_joins_through_a_plain_node_and_all_three_are_up_everywhere_with_the_plain_nodes_named()
    {
        var (first, second) = await StartPlainClusterAsync();
        var facade = await SetUpNodeAsync("facade");
        var events = EventProbe(facade);

        var clock = Stopwatch.StartNew();
        await facade.Cluster.JoinedAsync(Endpoint(second), TimeSpan.FromSeconds(5));
        await facade.Cluster.JoinedAsync(TimeSpan.FromSeconds(5) - clock.Elapsed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"joined in {clock.Elapsed}");

        await EventuallyAsync(() =>
        {
            foreach (var plain in new[] { first, second })
                Assert.Equal(3, AkkaCluster.Get(plain).State.Members.Count(m => m.Status == AkkaMemberStatus.Up));
            Assert.Equal(3, facade.Cluster.MembershipSnapshot.MembersWithStatus(Spec.MemberStatus.Up).Count);
        }, Within);
        foreach (var plain in new[] { first, second })
        {
            var up = await events.ExpectAsync<Spec.MembershipChange>(c => c.Node.Node.Port == Port(plain) && c.Status == Spec.MemberStatus.Up, Within);
            Assert.Equal(PlainSystemName, up.Node.Node.SystemName);
        }
    }

    [Fact]
    public async Task The_plain_node_a_facade_joins_through_logs_no_warning_or_error()
    {
        // Production-like logging on the plain nodes: Info and Akka's default dead-letter logging.
        var (first, second) = await StartPlainClusterAsync("akka.loglevel = INFO\nakka.log-dead-letters = 10");
        var logged = new ConcurrentQueue<LogEvent>();
        var collector = second.ActorOf(Props.Create(() => new LogCollector(logged)));
        foreach (var level in new[] { typeof(Info), typeof(Warning), typeof(Error) }) second.EventStream.Subscribe(collector, level);
        var facade = await SetUpNodeAsync("facade");

        await JoinAllUpAsync(facade, first, second);

        var join = logged.Where(e => e.ToString().Contains(JoinCoordinator.Name, StringComparison.Ordinal)).ToList();
        foreach (var e in join) Output?.WriteLine($"plain node logged: {e}");
        Assert.DoesNotContain(logged, e => e.LogLevel() >= Akka.Event.LogLevel.WarningLevel);
        // The request it cannot deliver is at most an Info dead letter, counted against akka.log-dead-letters.
        Assert.All(join, e => Assert.Contains("was not delivered", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_call_aimed_at_a_plain_node_fails_at_once_naming_the_reason()
    {
        var (first, second) = await StartPlainClusterAsync();
        var facade = await SetUpNodeAsync("facade");
        var plainNode = await JoinAllUpAsync(facade, first, second);
        var greeter = facade.Resolve<IGreeter>(new ActorID(plainNode, "/user/greeter", 1));

        RemoteCallException? error = null;
        await EventuallyAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            error = await Assert.ThrowsAsync<RemoteCallException>(() => greeter.Hi("Caplin"));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"failed after {clock.Elapsed}");
        }, Within);

        Assert.Equal(RemoteCallErrorKind.TargetNotFound, error!.Kind);
        Assert.Contains($"{plainNode} runs plain Akka.NET without Akka.DistributedActors", error.Message);
    }

    [Fact]
    public async Task A_plain_node_that_leaves_is_seen_leaving_then_removed()
    {
        var (first, second) = await StartPlainClusterAsync();
        var facade = await SetUpNodeAsync("facade");
        var events = EventProbe(facade);
        var plainNode = await JoinAllUpAsync(facade, first, second);

        await AkkaCluster.Get(second).LeaveAsync();

        await events.ExpectMembershipChangeAsync(plainNode, Spec.MemberStatus.Leaving, Within);
        await events.ExpectMembershipChangeAsync(plainNode, Spec.MemberStatus.Removed, Within);
        Assert.DoesNotContain(events.MembershipChanges, c => c.Node.Equals(plainNode) && c.Status == Spec.MemberStatus.Down);
    }

    [Fact]
    public async Task A_plain_node_that_crashes_is_seen_unreachable_down_then_removed()
    {
        var (first, second) = await StartPlainClusterAsync();
        var facade = await SetUpNodeAsync("facade");
        var events = EventProbe(facade);
        var plainNode = await JoinAllUpAsync(facade, first, second);

        await second.Terminate();

        await events.ExpectAsync<Spec.ReachabilityChange>(r => r.Member.Node.Equals(plainNode) && !r.Member.IsReachable, Within);
        await events.ExpectMembershipChangeAsync(plainNode, Spec.MemberStatus.Down, Within);
        await events.ExpectMembershipChangeAsync(plainNode, Spec.MemberStatus.Removed, Within);
    }

    [Fact]
    public async Task A_cluster_name_that_differs_from_the_plain_nodes_system_name_fails_the_join_with_both_names()
    {
        var (first, _) = await StartPlainClusterAsync();
        var facade = await SetUpNodeAsync("facade", s => s.ClusterName = "OtherCluster");

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<Spec.MembershipError>(() => facade.Cluster.JoinedAsync(Endpoint(first), Within));

        Assert.Equal(Spec.MembershipError.ErrorKind.JoinGivenUp, error.Kind);
        Assert.Equal($"Cannot join 127.0.0.1:{Port(first)}: the node there is ActorSystem '{PlainSystemName}', but this node's ClusterName is " +
                     $"'OtherCluster'; Akka.NET only forms clusters of one ActorSystem name. Set ClusterName to '{PlainSystemName}' on this node " +
                     "(or give that node this node's name).", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"failed after {clock.Elapsed}");
        // JoinedAsync for this node itself fails with the same reason.
        var self = await Assert.ThrowsAsync<Spec.MembershipError>(() => facade.Cluster.JoinedAsync(Within));
        Assert.Equal(error.Message, self.Message);
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await Task.WhenAll(_plain.Select(p => p.Terminate()));
        }
    }

    // Two plain Akka.NET nodes on free ports: the first joins itself, the second joins the first (Akka's own API only).
    private async Task<(ActorSystem First, ActorSystem Second)> StartPlainClusterAsync(string hocon = "")
    {
        var first = StartPlain(hocon);
        var second = StartPlain(hocon);
        AkkaCluster.Get(first).Join(AkkaCluster.Get(first).SelfAddress);
        AkkaCluster.Get(second).Join(AkkaCluster.Get(first).SelfAddress);
        await EventuallyAsync(() => Assert.Equal(2, AkkaCluster.Get(second).State.Members.Count(m => m.Status == AkkaMemberStatus.Up)), Within);
        return (first, second);
    }

    private ActorSystem StartPlain(string hocon)
    {
        var system = ActorSystem.Create(PlainSystemName, ConfigurationFactory.ParseString(hocon).WithFallback(ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0, applied-adapters = [trttl] }
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.cluster {
              gossip-interval = 200ms
              leader-actions-interval = 200ms
              unreachable-nodes-reaper-interval = 200ms
              periodic-tasks-initial-delay = 100ms
              failure-detector { heartbeat-interval = 200ms, acceptable-heartbeat-pause = 2s, expected-response-after = 200ms }
              split-brain-resolver { active-strategy = keep-majority, stable-after = 2s }
            }
            """)));
        _plain.Add(system);
        return system;
    }

    private sealed class LogCollector : ReceiveActor
    {
        public LogCollector(ConcurrentQueue<LogEvent> logged) => Receive<LogEvent>(logged.Enqueue);
    }

    private static int Port(ActorSystem plain) => AkkaCluster.Get(plain).SelfAddress.Port!.Value;

    private static Node Endpoint(ActorSystem plain) => new(PlainSystemName, "127.0.0.1", Port(plain), AkkaCluster.Get(plain).SelfAddress.Protocol);

    // Joins the facade through the second plain node and waits until all three are Up on every node; returns the second's node.
    private static async Task<UniqueNode> JoinAllUpAsync(ClusterSystem facade, ActorSystem first, ActorSystem second)
    {
        await facade.Cluster.JoinedAsync(Endpoint(second), Within);
        await facade.Cluster.JoinedAsync(Within);
        await EventuallyAsync(() =>
        {
            foreach (var plain in new[] { first, second })
                Assert.Equal(3, AkkaCluster.Get(plain).State.Members.Count(m => m.Status == AkkaMemberStatus.Up));
            Assert.Equal(3, facade.Cluster.MembershipSnapshot.MembersWithStatus(Spec.MemberStatus.Up).Count);
        }, Within);
        return facade.Cluster.MembershipSnapshot.AnyMember(Endpoint(second))!.Node;
    }
}
