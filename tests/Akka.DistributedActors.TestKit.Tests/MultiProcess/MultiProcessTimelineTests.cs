using Akka.DistributedActors.TestKit;
using Akka.Event;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.MultiProcess;

public sealed class MultiProcessTimelineTests(ITestOutputHelper output) : MultiNodeSpec(output)
{
    private static class Roles
    {
        public static readonly RoleName Left = "left";
        public static readonly RoleName Right = "right";
    }

    protected override IReadOnlyList<string> NodeNames => [Roles.Left, Roles.Right];

    [Fact]
    public async Task Failing_spec_carries_one_timeline_of_every_nodes_events_and_the_kits_actions_in_time_order()
    {
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(async node =>
        {
            await node.RunOnAsync(Roles.Left, _ => node.BlackholeAsync(Roles.Left, Roles.Right));
            await node.CheckpointAsync("cut");
            node.RunOn(Roles.Right, system =>
            {
                system.Log.Warning("right gives up");
                Assert.Fail("made to fail");
            });
            await node.CheckpointAsync("never passed");
        }, options => options.ConfigureSettings = (_, settings) => settings.Downing = DowningStrategySettings.None));

        var entries = failure.Timeline.Entries;
        Assert.Equal(entries.OrderBy(e => e.At).ToList(), entries);
        foreach (var name in new[] { "left", "right" })
        {
            Assert.Contains(entries, e => e.Node == name && e.Kind == TimelineEntryKind.Event && e.Text.Contains("-> [     Up]", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Node == name && e.Kind == TimelineEntryKind.Log && e.Text.Contains("Remoting started", StringComparison.Ordinal));
        }
        TimeSpan At(TimelineEntryKind kind, string node, string text) =>
            entries.First(e => e.Kind == kind && e.Node == node && e.Text.Contains(text, StringComparison.Ordinal)).At;
        var cut = At(TimelineEntryKind.Action, "left", "blackhole left<->right");
        var passed = At(TimelineEntryKind.Action, "kit", "checkpoint 'cut' passed");
        var warned = At(TimelineEntryKind.Log, "right", "right gives up");
        var failed = At(TimelineEntryKind.Action, "right", "failed: Xunit.Sdk.FailException: made to fail");
        Assert.True(At(TimelineEntryKind.Action, "kit", "start left") < cut && cut < passed && passed <= warned && warned <= failed, failure.Timeline.Summary());

        Assert.Contains("ms right      log    [Warning]", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ms left       action blackhole left<->right", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(failure.TimelineFile));
        Assert.Equal(failure.Timeline.ToString(), await File.ReadAllTextAsync(failure.TimelineFile!));
    }
}
