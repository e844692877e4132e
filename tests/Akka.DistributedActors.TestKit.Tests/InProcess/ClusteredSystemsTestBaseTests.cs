using System.Text.RegularExpressions;
using Akka.DistributedActors.TestKit;
using Akka.Event;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

/// <summary>The base's tear-down, driven by hand on a harness so the test can look at what it left behind.</summary>
public sealed class ClusteredSystemsTestBaseTests
{
    [Fact]
    public async Task Tear_down_shuts_down_every_node_even_when_cut_off_and_writes_the_timeline_of_every_node()
    {
        var output = new RecordingOutput();
        var harness = new Harness(output);
        var (first, second) = await harness.PairAsync();
        await harness.CutAsync(first, second);

        await harness.DisposeAsync();

        Assert.True(first.Terminated.IsCompleted);
        Assert.True(second.Terminated.IsCompleted);
        Assert.Contains(output.Lines, l => l.StartsWith("Timeline (spec began ", StringComparison.Ordinal));
        Assert.Contains(output.Lines, l => Regex.IsMatch(l, @"ms first +log +\[Info\] .*Remoting started"));
        Assert.Contains(output.Lines, l => Regex.IsMatch(l, @"ms second +log +\[Info\] .*Remoting started"));
        Assert.Contains(output.Lines, l => Regex.IsMatch(l, @"ms kit +action blackhole first<->second$"));
    }

    [Fact]
    public async Task Failing_assertion_on_a_node_fails_the_test_with_its_exception_and_the_timeline_of_every_node()
    {
        // The in-process counterpart of a multi-node spec whose node throws: the test body's exception is the test's failure,
        // and the tear-down writes every node's log, which dotnet test prints for a failing test.
        var output = new RecordingOutput();
        var harness = new Harness(output);
        var (first, second) = await harness.PairAsync();
        first.Log.Info("first is about to assert");

        // second is Up and stays so: an assertion that it is Removed fails at its deadline with what it saw last.
        var failure = await Assert.ThrowsAsync<Cluster.MembershipError>(() =>
            harness.AssertStatusAsync(first, second.Cluster.UniqueNode, Status.Removed, TimeSpan.FromSeconds(1)));
        await harness.DisposeAsync();

        Assert.Equal(Cluster.MembershipError.ErrorKind.AwaitStatusTimedOut, failure.Kind);
        Assert.Contains($"expected {second.Cluster.UniqueNode} to be Removed, found", failure.Message, StringComparison.Ordinal);
        Assert.Contains(output.Lines, l => Regex.IsMatch(l, @"ms first +log +\[Info\] .*first is about to assert"));
        Assert.Contains(output.Lines, l => Regex.IsMatch(l, @"ms second +log +\[Info\] .*Remoting started"));
    }

    [Fact]
    public async Task Status_and_leader_assertions_check_what_they_name_and_fail_at_their_deadline()
    {
        var harness = new Harness(new RecordingOutput());
        try
        {
            var (first, second) = await harness.PairAsync();
            var third = await harness.NodeAsync("third");
            UniqueNode[] pair = [first.Cluster.UniqueNode, second.Cluster.UniqueNode];
            await harness.EnsureAsync(Status.Up, first, pair);

            // Exactly versus at least: Up is at least Joining, but it is not Joining.
            await harness.AssertStatusAtLeastAsync(first, second.Cluster.UniqueNode, Status.Joining);
            await harness.EnsureAtLeastAsync(Status.Joining, first, pair);
            var exact = await Assert.ThrowsAsync<Cluster.MembershipError>(() =>
                harness.AssertStatusAsync(first, second.Cluster.UniqueNode, Status.Joining, TimeSpan.FromMilliseconds(500)));
            Assert.Contains("to be Joining, found", exact.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<Cluster.MembershipError>(() =>
                harness.AssertStatusAtLeastAsync(first, second.Cluster.UniqueNode, Status.Leaving, TimeSpan.FromMilliseconds(500)));

            // The leader is the lowest address; the other node is not.
            var leader = pair.Min()!;
            var notLeader = pair.Single(n => !n.Equals(leader));
            await harness.AssertLeaderAsync(first, leader);
            var wrong = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(() =>
                harness.AssertLeaderAsync(first, notLeader, TimeSpan.FromMilliseconds(500)));
            Assert.Contains($"Expected leader {notLeader}", wrong.Message, StringComparison.Ordinal);
            // third has not joined: it is its own cluster with no leader yet (no join, no leader election).
            await harness.AssertLeaderAsync(third, null);

            // A join that cannot complete (the link is cut): with ensureMembers it fails at ensureWithin; without, it returns
            // without waiting, and the other side has not seen the joiner.
            await harness.CutAsync(third, first);
            var join = await Assert.ThrowsAsync<Cluster.MembershipError>(() => harness.JoinAsync(third, first, TimeSpan.FromSeconds(1)));
            Assert.Equal(Cluster.MembershipError.ErrorKind.AwaitStatusTimedOut, join.Kind);
            await harness.JoinAsync(third, first, ensureMembers: null);
            Assert.Null(first.Cluster.MembershipSnapshot.FindMember(third.Cluster.UniqueNode));
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Nodes_start_on_free_ports_with_the_test_timings_then_the_class_then_the_node_settings()
    {
        var harness = new Harness(new RecordingOutput(), s =>
        {
            s.Gossip.LeaderActionsInterval = TimeSpan.FromMilliseconds(300);
            s.Join.RetryInterval = TimeSpan.FromMilliseconds(300);
        });
        try
        {
            var plain = await harness.NodeAsync("plain");
            var tuned = await harness.NodeAsync("tuned", s =>
            {
                s.Join.RetryInterval = TimeSpan.FromMilliseconds(400);
                s.AdditionalHocon = "akka.remote.retry-gate-closed-for = 3s";
            });

            foreach (var node in new[] { plain, tuned })
            {
                Assert.Equal("127.0.0.1", node.Cluster.UniqueNode.Host);
                Assert.NotEqual(7337, node.Cluster.UniqueNode.Port);
            }
            Assert.NotEqual(plain.Cluster.UniqueNode.Port, tuned.Cluster.UniqueNode.Port);

            var config = plain.ActorSystem.Settings.Config;
            Assert.Equal(TimeSpan.FromMilliseconds(200), config.GetTimeSpan("akka.cluster.gossip-interval"));
            Assert.Equal(TimeSpan.FromMilliseconds(200), config.GetTimeSpan("akka.cluster.failure-detector.heartbeat-interval"));
            Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
            Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
            Assert.Contains("trttl", config.GetStringList("akka.remote.dot-netty.tcp.applied-adapters"));
            Assert.Contains(config.GetStringList("akka.loggers"), l => l.StartsWith(typeof(CapturingLogger).FullName!, StringComparison.Ordinal));
            Assert.False(config.GetBoolean("akka.coordinated-shutdown.run-by-actor-system-terminate"));
            Assert.Equal(TimeSpan.FromSeconds(1), config.GetTimeSpan("akka.remote.retry-gate-closed-for"));
            // The class's settings come after the kit's, the node's after the class's, and the test's HOCON over the kit's.
            Assert.Equal(TimeSpan.FromMilliseconds(300), config.GetTimeSpan("akka.cluster.leader-actions-interval"));
            Assert.Equal(TimeSpan.FromMilliseconds(300), plain.Settings.Join.RetryInterval);
            Assert.Equal(TimeSpan.FromMilliseconds(400), tuned.Settings.Join.RetryInterval);
            Assert.Equal(TimeSpan.FromSeconds(3), tuned.ActorSystem.Settings.Config.GetTimeSpan("akka.remote.retry-gate-closed-for"));
        }
        finally
        {
            await harness.DisposeAsync();
        }
    }

    private sealed class Harness(ITestOutputHelper output, Action<ClusterSystemSettings>? classSettings = null) : ClusteredSystemsTestBase(output)
    {
        protected override void ConfigureSettings(ClusterSystemSettings settings) => classSettings?.Invoke(settings);

        public async Task<(ClusterSystem, ClusterSystem)> PairAsync()
        {
            var pair = await SetUpPairAsync();
            await JoinNodesAsync(pair.First, pair.Second);
            return pair;
        }

        public Task<ClusterSystem> NodeAsync(string name, Action<ClusterSystemSettings>? configure = null) => SetUpNodeAsync(name, configure);

        public Task CutAsync(ClusterSystem a, ClusterSystem b) => BlackholeAsync(a, b);

        public Task JoinAsync(ClusterSystem node, ClusterSystem with, TimeSpan? ensureWithin = null, Status? ensureMembers = Status.Up) =>
            JoinNodesAsync(node, with, ensureWithin, ensureMembers);

        public Task EnsureAsync(Status status, ClusterSystem on, UniqueNode[] nodes) => EnsureNodesAsync(status, on, nodes: nodes);

        public Task EnsureAtLeastAsync(Status status, ClusterSystem on, UniqueNode[] nodes) => EnsureNodesAtLeastAsync(status, on, nodes: nodes);

        public Task AssertStatusAsync(ClusterSystem on, UniqueNode node, Status @is, TimeSpan? within = null) =>
            AssertMemberStatusAsync(on, node, @is, within);

        public Task AssertStatusAtLeastAsync(ClusterSystem on, UniqueNode node, Status atLeast, TimeSpan? within = null) =>
            AssertMemberStatusAtLeastAsync(on, node, atLeast, within);

        public Task AssertLeaderAsync(ClusterSystem on, UniqueNode? leader, TimeSpan? within = null) => AssertLeaderNodeAsync(on, leader, within);
    }

    private sealed class RecordingOutput : ITestOutputHelper
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return _lines.ToArray();
            }
        }

        public void WriteLine(string message)
        {
            lock (_lines) _lines.Add(message);
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
