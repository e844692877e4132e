using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.MultiProcess;

/// <summary>
/// The fault scenarios of <see cref="InProcess.InProcessClusterSpecs"/> (partitions, a blackholed link, a paused node), with every
/// node in its own OS process; a class of its own so that they run beside <see cref="MultiProcessClusterSpecs"/>.
/// </summary>
public sealed class MultiProcessFaultSpecs(ITestOutputHelper output) : MultiNodeSpec(output)
{
    protected override IReadOnlyList<string> NodeNames => ["first", "second", "third"];

    [Fact]
    public Task Partition_with_downing_leaves_one_side() => RunAsync(async node =>
    {
        await node.RunOnAsync("second", _ => node.PartitionAsync(["first", "second"], ["third"]));
        await node.CheckpointAsync("partitioned");

        // Keep-majority: the two-node side downs the lone node, which downs itself and shuts down.
        await node.RunOnAsync(["first", "second"], _ => node.Cluster.WaitForAsync(node["third"], Status.Removed, node.DefaultWithin));
        await node.RunOnAsync("third", system => system.Terminated.WaitAsync(node.DefaultWithin));
        await node.CheckpointAsync("one side left");
        await node.RunOnAsync(["first", "second"], _ => node.Cluster.WaitForAsync([node["first"], node["second"]], Status.Up, node.DefaultWithin));
    });

    [Fact]
    public Task Partition_with_timeout_downing_leaves_the_majority_side() => RunAsync(async node =>
    {
        await node.RunOnAsync("second", _ => node.PartitionAsync(["first", "second"], ["third"]));
        await node.CheckpointAsync("partitioned");

        await node.RunOnAsync(["first", "second"], _ => node.Cluster.WaitForAsync(node["third"], Status.Removed, node.DefaultWithin));
        await node.RunOnAsync("third", _ => ClusteredSystemsTestBase.AssertHoldsAsync(() => Assert.All(["first", "second"],
            n => Assert.True(node.Cluster.MembershipSnapshot.FindMember(node[n])?.Status < Status.Down)), TimeSpan.FromSeconds(1)));
        await node.CheckpointAsync("majority left");

        await node.RunOnAsync("second", _ => node.HealAsync());
        await node.RunOnAsync("third", system => system.Terminated.WaitAsync(node.DefaultWithin));
        await node.RunOnAsync(["first", "second"], _ => node.Cluster.WaitForAsync([node["first"], node["second"]], Status.Up, node.DefaultWithin));
    }, options => options.ConfigureSettings = (_, settings) => InProcess.InProcessClusterSpecs.TimeoutDowning(settings));

    [Fact]
    public Task Blackholed_link_makes_nodes_unreachable_and_pass_through_heals_it() => RunAsync(async node =>
    {
        // A node that is not on the link asks for it: the conductor has both ends cut their side, each in its own process.
        await node.RunOnAsync("third", _ => node.BlackholeAsync("first", "second"));
        await node.RunOnAsync("first", _ => node.EventuallyAsync(() => Assert.False(
            node.Cluster.MembershipSnapshot.FindMember(node["second"])!.IsReachable)));
        await node.RunOnAsync("second", _ => node.EventuallyAsync(() => Assert.False(
            node.Cluster.MembershipSnapshot.FindMember(node["first"])!.IsReachable)));
        await node.CheckpointAsync("first and second unreachable");

        await node.RunOnAsync("third", _ => node.PassThroughAsync("first", "second"));
        await node.EventuallyAsync(() => Assert.Empty(
            node.Cluster.MembershipSnapshot.MembersAtLeast(Status.Joining, Cluster.MemberReachability.Unreachable)));
        await node.CheckpointAsync("all reachable");
    }, options => options.ConfigureSettings = (_, settings) =>
        // The link must come back, so nothing may be downed while it is cut.
        settings.Downing = DowningStrategySettings.None);

    [Fact]
    public Task Paused_node_is_unreachable_to_all_and_reachable_after_resume() => RunAsync(async node =>
    {
        await node.RunOnAsync("first", _ => node.PauseAsync("third"));
        await node.RunOnAsync(["first", "second"], _ => node.EventuallyAsync(() => Assert.False(
            node.Cluster.MembershipSnapshot.FindMember(node["third"])!.IsReachable)));
        await node.CheckpointAsync("third unreachable");

        await node.RunOnAsync("second", _ => node.ResumeAsync("third"));
        await node.EventuallyAsync(() => Assert.Empty(
            node.Cluster.MembershipSnapshot.MembersAtLeast(Status.Joining, Cluster.MemberReachability.Unreachable)));
        await node.CheckpointAsync("all reachable");
    }, options => options.ConfigureSettings = (_, settings) =>
        // The node must come back, so nothing may be downed while it is cut off.
        settings.Downing = DowningStrategySettings.None);
}
