using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit.Tests.MultiProcess;

/// <summary>
/// The join, crash and checkpoint scenarios of <see cref="InProcess.InProcessClusterSpecs"/>, with every node in its own OS
/// process; the fault scenarios are in <see cref="MultiProcessFaultSpecs"/>.
/// </summary>
public sealed class MultiProcessClusterSpecs(ITestOutputHelper output) : MultiNodeSpec(output)
{
    protected override IReadOnlyList<string> NodeNames => ["first", "second", "third"];

    [Fact]
    public Task Three_nodes_join_and_see_each_other_up() => RunAsync(async node =>
    {
        await node.CheckpointAsync("started, not joined");
        Assert.Single(node.Cluster.MembershipSnapshot);

        await node.RunOnAsync(["second", "third"], system =>
        {
            system.Cluster.Join(node["first"].Node);
            return Task.CompletedTask;
        });
        await node.Cluster.WaitForAsync(node.AllNodes, Status.Up, node.DefaultWithin);
        await node.EventuallyAsync(() => Assert.Equal(node.AllNodes.Min(), node.Cluster.MembershipSnapshot.Leader?.Node));
        await node.CheckpointAsync("all up");
    }, options => options.JoinOnStart = false);

    [Fact]
    public Task Killed_node_goes_down_then_removed_on_the_others() => RunAsync(async node =>
    {
        var victim = node["third"];
        await using var probe = new ClusterEventProbe(node.System);
        await node.CheckpointAsync("probing");

        await node.RunOnAsync("first", _ => node.KillAsync("third"));

        await node.RunOnAsync(["first", "second"], async _ =>
        {
            var down = await probe.ExpectMembershipChangeAsync(victim, Status.Down, node.DefaultWithin);
            var removed = await probe.ExpectMembershipChangeAsync(victim, Status.Removed, node.DefaultWithin);
            var events = probe.Events.ToList();
            Assert.True(events.IndexOf(down) < events.IndexOf(removed), "Down must come before Removed.");
            await node.Cluster.WaitForAsync([node["first"], node["second"]], Status.Up, node.DefaultWithin);
        });
        await node.CheckpointAsync("victim removed");
    });

    [Fact]
    public Task Checkpoints_line_up() => RunAsync(async node =>
    {
        var marks = node.SharedDirectory;
        string Mark(string name, string step) => Path.Combine(marks, $"{step}-{name}");

        for (var step = 1; step <= 3; step++)
        {
            // The last node writes its mark only after seeing every other node's, so without a barrier the first two would
            // pass the checks below before it exists.
            if (node.On("third"))
            {
                await node.EventuallyAsync(() => Assert.All(["first", "second"], n => Assert.True(File.Exists(Mark(n, $"{step}")))));
            }
            await File.WriteAllTextAsync(Mark(node.Name, $"{step}"), node.Name);
            await node.CheckpointAsync($"step {step} written");
            Assert.All(node.NodeNames, n => Assert.True(File.Exists(Mark(n, $"{step}")), $"{n} had not written step {step}"));
            Assert.False(File.Exists(Mark("third", $"{step + 1}")), "third is already past the checkpoint");
        }
    });
}
