using System.Collections.Concurrent;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

/// <summary>Three nodes; the third is cut off from the other two with the throttler blackhole.</summary>
[LongRunning(45)]
public sealed class DowningClusterTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private async Task<(ClusterSystem A, ClusterSystem B, ClusterSystem Victim)> StartThreeAsync(Action<ClusterSystemSettings> configure)
    {
        var a = await SetUpNodeAsync("a", configure);
        var b = await SetUpNodeAsync("b", configure);
        var victim = await SetUpNodeAsync("victim", configure);
        b.Cluster.Join(a.Cluster.Node);
        victim.Cluster.Join(a.Cluster.Node);
        await EnsureAllUpAsync([a, b, victim], Within);
        return (a, b, victim);
    }

    private static Action<ClusterSystemSettings> TimeoutDowning(OnDownActionStrategySettings onDown) => s =>
    {
        s.Downing = DowningStrategySettings.Timeout(new TimeoutBasedDowningStrategySettings { DownUnreachableMembersAfter = TimeSpan.FromSeconds(1) });
        // A node alone on its side of a partition must not lead the downing (TimeoutBasedDowningStrategy, Swift's default minimum).
        s.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(2);
        s.OnDownAction = onDown;
        // The throttler's blackhole swallows the close of the connections the survivors drop, so the cut-off node's old
        // connections linger until Akka's transport failure detector (120 s by default) gives up on them; on a real network the
        // first write after healing is answered with a reset. A short detector makes the test see what a real network would.
        s.AdditionalHocon = "akka.remote.transport-failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }";
    };

    private async Task ExpectDownThenRemovedAsync(UniqueNode victim, params ClusterEventProbe[] probes)
    {
        foreach (var probe in probes)
        {
            await probe.ExpectMembershipChangeAsync(victim, Spec.MemberStatus.Down, Within);
            await probe.ExpectMembershipChangeAsync(victim, Spec.MemberStatus.Removed, Within);
        }
    }

    [Fact]
    public async Task Timeout_downing_downs_and_removes_the_cut_off_node_which_shuts_itself_down_once_it_hears_of_it()
    {
        var (a, b, victim) = await StartThreeAsync(TimeoutDowning(OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromMilliseconds(500))));
        var probes = new[] { EventProbe(a), EventProbe(b) };

        await PartitionAsync([victim], [a, b]);

        await ExpectDownThenRemovedAsync(victim.Cluster.UniqueNode, probes);
        // The cut-off node was alone on its side, so it did not down the majority: no second cluster formed.
        Assert.All([a.Cluster.UniqueNode, b.Cluster.UniqueNode],
            n => Assert.Equal(Spec.MemberStatus.Up, victim.Cluster.MembershipSnapshot.FindMember(n)?.Status));
        Assert.False(victim.IsTerminated);

        // Once the link heals, the survivors refuse the removed incarnation (Akka quarantine); it takes itself Down and shuts down.
        await HealAsync();
        await victim.Terminated.WaitAsync(Within);
        Assert.True(victim.ActorSystem.WhenTerminated.IsCompleted);
        Assert.Equal(2, a.Cluster.MembershipSnapshot.CountWithStatus(Spec.MemberStatus.Up));
    }

    [Fact]
    public async Task Timeout_downing_with_on_down_action_none_leaves_the_downed_node_running()
    {
        var (a, b, victim) = await StartThreeAsync(TimeoutDowning(OnDownActionStrategySettings.None));
        var probes = new[] { EventProbe(a), EventProbe(b) };
        var victimProbe = EventProbe(victim);

        await PartitionAsync([victim], [a, b]);
        await ExpectDownThenRemovedAsync(victim.Cluster.UniqueNode, probes);
        await HealAsync();

        await victimProbe.ExpectMembershipChangeAsync(victim.Cluster.UniqueNode, Spec.MemberStatus.Down, Within);
        await AssertHoldsAsync(() => Assert.False(victim.ActorSystem.WhenTerminated.IsCompleted), TimeSpan.FromSeconds(2));
        Assert.False(victim.Terminated.IsCompleted);
    }

    [Fact]
    public async Task Without_downing_the_cut_off_node_stays_unreachable_and_becomes_reachable_after_the_link_heals()
    {
        var (a, b, victim) = await StartThreeAsync(s => s.Downing = DowningStrategySettings.None);
        var probes = new[] { EventProbe(a), EventProbe(b) };
        var victimNode = victim.Cluster.UniqueNode;

        await PartitionAsync([victim], [a, b]);
        foreach (var p in probes)
            await p.ExpectAsync<Spec.ReachabilityChange>(r => r.Member.Node.Equals(victimNode) && r.ToUnreachable, Within);
        // Longer than the 1 s timeout strategy plus Akka's 2 s stable-after of the kit would take to down it.
        await AssertHoldsAsync(() =>
        {
            foreach (var observer in new[] { a, b })
            {
                var m = observer.Cluster.MembershipSnapshot.FindMember(victimNode);
                Assert.Equal((Spec.MemberStatus.Up, Spec.MemberReachability.Unreachable), (m?.Status, m?.Reachability));
            }
        }, TimeSpan.FromSeconds(4));

        await HealAsync();
        foreach (var p in probes)
            await p.ExpectAsync<Spec.ReachabilityChange>(r => r.Member.Node.Equals(victimNode) && r.ToReachable, Within);
        Assert.Equal(Spec.MemberStatus.Up, a.Cluster.MembershipSnapshot.FindMember(victimNode)?.Status);
    }

    [Fact]
    public async Task Custom_strategy_directives_are_executed_by_the_shell()
    {
        var timeouts = new ConcurrentQueue<(UniqueNode On, UniqueNode Member)>();
        var (a, b, victim) = await StartThreeAsync(s =>
        {
            s.Downing = DowningStrategySettings.Custom(ctx => new DownAfterTimer(ctx.SelfNode, TimeSpan.FromMilliseconds(300), timeouts));
            s.OnDownAction = OnDownActionStrategySettings.None;
        });
        var probes = new[] { EventProbe(a), EventProbe(b) };

        await PartitionAsync([victim], [a, b]);

        await ExpectDownThenRemovedAsync(victim.Cluster.UniqueNode, probes);
        // Every survivor timed the victim; the one that learned of the unreachability last may see its timer fire after the
        // removal that the other one's down caused.
        await EventuallyAsync(() =>
        {
            Assert.Contains((a.Cluster.UniqueNode, victim.Cluster.UniqueNode), timeouts);
            Assert.Contains((b.Cluster.UniqueNode, victim.Cluster.UniqueNode), timeouts);
        }, Within);
    }

    [Fact]
    public async Task Strategy_that_throws_is_logged_and_later_events_still_down_members()
    {
        var (a, b, victim) = await StartThreeAsync(s =>
        {
            s.Downing = DowningStrategySettings.Custom(_ => new ThrowsExceptOnUnreachable());
            s.OnDownAction = OnDownActionStrategySettings.None;
        });
        var probes = new[] { EventProbe(a), EventProbe(b) };

        await PartitionAsync([victim], [a, b]);

        await ExpectDownThenRemovedAsync(victim.Cluster.UniqueNode, probes);
        foreach (var survivor in new[] { a, b })
            Assert.Contains(CapturingLogger.LinesOf(survivor.ActorSystem), l => l.Contains("ThrowsExceptOnUnreachable threw on Snapshot(", StringComparison.Ordinal));
        // Whichever survivor learned of the unreachability first issued the down; the other may already have seen it Down.
        Assert.Contains(new[] { a, b }.SelectMany(s => CapturingLogger.LinesOf(s.ActorSystem)),
            l => l.Contains("Decide to [Down] member", StringComparison.Ordinal) && l.Contains(victim.Cluster.UniqueNode.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Split_brain_resolver_keep_majority_makes_the_minority_down_itself_and_shut_down()
    {
        var (a, b, victim) = await StartThreeAsync(s =>
        {
            s.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings
            {
                Strategy = SplitBrainResolverStrategy.KeepMajority(),
                StableAfter = TimeSpan.FromSeconds(2),
            });
            s.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromMilliseconds(200));
        });
        var probes = new[] { EventProbe(a), EventProbe(b) };
        var victimProbe = EventProbe(victim);

        await PartitionAsync([victim], [a, b]);

        await victimProbe.ExpectMembershipChangeAsync(victim.Cluster.UniqueNode, Spec.MemberStatus.Down, Within);
        await victim.Terminated.WaitAsync(Within);
        await ExpectDownThenRemovedAsync(victim.Cluster.UniqueNode, probes);
        Assert.False(a.IsTerminated);
        Assert.False(b.IsTerminated);
    }

    /// <summary>Downs a member once it has been unreachable for the delay; records each timeout.</summary>
    private sealed class DownAfterTimer(UniqueNode self, TimeSpan delay, ConcurrentQueue<(UniqueNode, UniqueNode)> timeouts) : IDowningStrategy
    {
        private readonly HashSet<Spec.Member> _unreachable = [];

        public DowningStrategyDirective OnClusterEvent(Spec.Event e)
        {
            if (e is not Spec.ReachabilityChange r) return DowningDirectives.None;
            if (r.ToUnreachable && _unreachable.Add(r.Member)) return DowningDirectives.StartTimer(r.Member, delay);
            return _unreachable.Remove(r.Member) ? DowningDirectives.CancelTimer(r.Member) : DowningDirectives.None;
        }

        public DowningStrategyDirective OnTimeout(Spec.Member member)
        {
            timeouts.Enqueue((self, member.Node));
            return DowningDirectives.MarkAsDown(member);
        }
    }

    /// <summary>Throws on everything except an unreachable member, which it downs at once.</summary>
    private sealed class ThrowsExceptOnUnreachable : IDowningStrategy
    {
        public DowningStrategyDirective OnClusterEvent(Spec.Event e) =>
            e is Spec.ReachabilityChange { ToUnreachable: true } r
                ? DowningDirectives.MarkAsDown(r.Member)
                : throw new InvalidOperationException($"This strategy does not like {e.GetType().Name}.");

        public DowningStrategyDirective OnTimeout(Spec.Member member) => throw new InvalidOperationException("No timers were started.");
    }
}
