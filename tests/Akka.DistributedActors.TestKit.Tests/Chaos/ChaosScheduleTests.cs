using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.Chaos;

public sealed class ChaosScheduleTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly string[] Five = ["n0", "n1", "n2", "n3", "n4"];

    [Fact]
    public void Same_seed_gives_the_same_fault_sequence_and_another_seed_another()
    {
        var steps = new ChaosSchedule(42, 50).Steps(Five);

        Assert.Equal(steps, new ChaosSchedule(42, 50).Steps(Five));
        Assert.NotEqual(steps, new ChaosSchedule(43, 50).Steps(Five));
        Assert.Equal(Enumerable.Range(1, 50), steps.Select(s => s.Round));
        // Fifty rounds drawn from all six kinds use each of them.
        Assert.Equal(ChaosSchedule.AllFaults.Order(), steps.Select(s => s.Fault).Distinct().Order());
        Assert.All(steps, s =>
        {
            switch (s.Fault)
            {
                case ChaosFault.Partition:
                    Assert.Equal(2, s.Nodes.Count);
                    Assert.Equal(Five.Order(), s.Nodes.Concat(s.OtherSide).Order());
                    break;
                case ChaosFault.Blackhole or ChaosFault.Throttle or ChaosFault.Disconnect:
                    Assert.NotEqual(s.Nodes[0], s.Nodes[1]);
                    Assert.InRange(s.Hold, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
                    if (s.Fault == ChaosFault.Throttle) Assert.InRange(s.BytesPerSecond, 10_000, 100_000);
                    break;
            }
        });
    }

    [Fact]
    public void Four_fault_schedule_draws_exactly_the_sequence_the_chaos_suites_seeds_were_tuned_on()
    {
        // The draws of tests/Akka.DistributedActors.Tests/Chaos for its default fault kinds, spelled out: its seeds replay the
        // faults its timings were tuned on, so a change of the draw order shows up here rather than as a changed soak.
        var steps = new ChaosSchedule(1, 4, [ChaosFault.Blackhole, ChaosFault.Partition, ChaosFault.Crash, ChaosFault.Heal]).Steps(Five);
        var random = new Random(1);
        foreach (var step in steps)
        {
            var kind = random.Next(4);
            Assert.Equal((ChaosFault)kind, step.Fault);
            switch (kind)
            {
                case 0:
                    var a = random.Next(5);
                    Assert.Equal([$"n{a}", $"n{(a + 1 + random.Next(4)) % 5}"], step.Nodes);
                    Assert.Equal(TimeSpan.FromMilliseconds(random.Next(200, 2000)), step.Hold);
                    break;
                case 1:
                    Assert.Equal(Five.OrderBy(_ => random.Next()).Take(2), step.Nodes);
                    break;
                case 2:
                    Assert.Equal([$"n{random.Next(5)}"], step.Nodes);
                    break;
            }
        }
    }

    [Fact]
    public void Bad_schedules_are_refused_naming_the_setting()
    {
        Assert.Contains("rounds must be positive (was 0)", Assert.Throws<ArgumentOutOfRangeException>(() => new ChaosSchedule(1, 0)).Message, StringComparison.Ordinal);
        Assert.Contains("at least one fault", Assert.Throws<ArgumentException>(() => new ChaosSchedule(1, 1, [])).Message, StringComparison.Ordinal);
        Assert.Contains("3 with partitions; got 2", Assert.Throws<ArgumentException>(() => new ChaosSchedule(1, 1).Steps(["a", "b"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Broken_invariant_fails_naming_the_seed_and_round_and_how_to_rerun_it()
    {
        var checkedRounds = new List<int>();
        var failure = await Assert.ThrowsAsync<ChaosFailedException>(() => RunChaosAsync(new ChaosSchedule(7, 5, [ChaosFault.Heal, ChaosFault.Throttle]), new ChaosOptions
        {
            NodeNames = ["a", "b", "c"],
            CheckInvariants = round =>
            {
                checkedRounds.Add(round.Round);
                Assert.All(round.Cluster.Nodes, n => Assert.Equal(3, n.System.Cluster.MembershipSnapshot.Count));
                if (round.Round == 2) Assert.Fail("invariant broken on purpose");
                return Task.CompletedTask;
            },
        }));

        Assert.Equal([1, 2], checkedRounds);
        Assert.Equal(7, failure.Seed);
        Assert.Equal(2, failure.Round);
        Assert.Equal(new ChaosSchedule(7, 5, [ChaosFault.Heal, ChaosFault.Throttle]).Steps(["a", "b", "c"])[1], failure.Step);
        Assert.StartsWith($"Chaos seed 7 failed in round 2/5 ({failure.Step}): FailException: invariant broken on purpose", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Rerun this seed alone: CHAOS_SEEDS=7 dotnet test --filter \"FullyQualifiedName~ChaosScheduleTests.Broken_invariant_fails_naming_the_seed_and_round_and_how_to_rerun_it\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains($"action chaos seed 7 round 2/5: {failure.Step}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("round 1/5", failure.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(failure.TimelineFile), $"no timeline at {failure.TimelineFile}");
        Assert.Contains("round 1/5", await File.ReadAllTextAsync(failure.TimelineFile!), StringComparison.Ordinal);
    }
}
