using System.Diagnostics;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

/// <summary>What a node does once it learns it is Down: two nodes, the second downed by the first through <c>Cluster.Down</c>.</summary>
public sealed class OnDownActionTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Graceful_shutdown_keeps_the_downed_system_alive_for_its_delay_then_terminates_it()
    {
        // The default action, GracefulShutdown(3 s), instead of the kit's 200 ms; nobody downs anyone automatically.
        var (first, second) = await SetUpPairAsync(s =>
        {
            s.Downing = DowningStrategySettings.None;
            s.OnDownAction = OnDownActionStrategySettings.Default;
        });
        await JoinNodesAsync(second, first);
        var probe = EventProbe(second);

        var sinceDown = Stopwatch.StartNew();
        first.Cluster.Down(second.Cluster.Node);

        await probe.ExpectMembershipChangeAsync(second.Cluster.UniqueNode, Spec.MemberStatus.Down, Within);
        await second.Terminated.WaitAsync(Within);
        // Akka alone starts the coordinated shutdown as soon as the node's cluster daemon stops, well under a second after the
        // down; the facade holds its first phase for the delay, which starts only after the node has learnt it is Down.
        // The delay is a Task.Delay, whose timer runs on a coarse clock (a few ms per tick on Linux) and may end that much before
        // the Stopwatch says; the Down itself reaches the node within a millisecond or two on loopback.
        var coarseClock = TimeSpan.FromMilliseconds(20);
        Assert.True(sinceDown.Elapsed >= OnDownActionStrategySettings.Default.Delay - coarseClock,
            $"the downed system terminated {sinceDown.Elapsed} after the down, before the {OnDownActionStrategySettings.Default.Delay} delay");
        Assert.True(second.ActorSystem.WhenTerminated.IsCompleted);
        Assert.Contains(CapturingLogger.LinesOf(second.ActorSystem),
            l => l.Contains("performing OnDownAction as configured: shutting down the system, in 00:00:03", StringComparison.Ordinal));
        Assert.False(first.IsTerminated);
    }
}
