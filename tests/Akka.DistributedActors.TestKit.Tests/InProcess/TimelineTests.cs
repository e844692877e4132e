using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using System.Text.RegularExpressions;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

public sealed class TimelineTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Timeline_merges_every_nodes_events_the_kits_actions_and_log_lines_in_time_order()
    {
        var (first, second) = await SetUpPairAsync(s => s.Downing = DowningStrategySettings.None);
        await JoinNodesAsync(second, first);
        Mark("load started");
        await BlackholeAsync(first, second);
        // The timeline follows each node's event stream on its own task, so the unreachability can be in first's
        // membership before it is in the timeline: wait for the timeline.
        await EventuallyAsync(() => Assert.Contains(TimelineSoFar.Entries, e => e.Node == "first" && e.Kind == TimelineEntryKind.Event && e.Text.Contains("Unreachable", StringComparison.OrdinalIgnoreCase)), DefaultWithin);
        Assert.False(first.Cluster.MembershipSnapshot.FindMember(second.Cluster.UniqueNode)!.IsReachable);
        await HealAsync();

        var timeline = TimelineSoFar;

        Assert.Equal(timeline.Entries.OrderBy(e => e.At).ToList(), timeline.Entries);
        foreach (var node in new[] { "first", "second" })
        {
            Assert.Contains(timeline.Entries, e => e.Node == node && e.Kind == TimelineEntryKind.Event && e.Text.Contains("Snapshot", StringComparison.Ordinal));
            Assert.Contains(timeline.Entries, e => e.Node == node && e.Kind == TimelineEntryKind.Log && e.Text.Contains("Remoting started", StringComparison.Ordinal));
        }
        var actions = timeline.Entries.Where(e => e.Kind == TimelineEntryKind.Action).Select(e => e.Text).ToList();
        Assert.Equal(["load started", "blackhole first<->second", "heal first<->second"], actions.Where(a => !a.StartsWith("start ", StringComparison.Ordinal)));
        // second's join shows on both nodes after both started.
        var firstStarted = timeline.Entries.Last(e => e.Text.StartsWith("start ", StringComparison.Ordinal)).At;
        Assert.Contains(timeline.Entries, e => e.Node == "first" && e.Kind == TimelineEntryKind.Event && e.At >= firstStarted && e.Text.Contains(second.Cluster.UniqueNode.ToString(), StringComparison.Ordinal));
        Assert.Contains(timeline.ToString().Split(Environment.NewLine), line => Regex.IsMatch(line, @"^\+\s*\d+ ms kit\s+action start first "));
    }
}
