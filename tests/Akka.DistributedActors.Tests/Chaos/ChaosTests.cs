using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Akka.DistributedActors.TestKit;
using Akka.DistributedActors.Tests.Actors;
using Xunit.Abstractions;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Chaos;

/// <summary>
/// Five nodes under seeded random faults (the kit's <see cref="ChaosSchedule"/>: a blackholed link, a 2|3 partition, a crash
/// with a replacement on the same port, a heal) while callers keep calling actors on every node. After every round the
/// invariants of <c>CheckInvariantsAsync</c> are checked. A longer soak:
/// <c>CHAOS_SEEDS=11,12,13,14,15 CHAOS_ROUNDS=200 dotnet test tests/Akka.DistributedActors.Tests --filter FullyQualifiedName~Chaos</c>
/// (see README). Seeds 1, 2 and 3 by default. <c>CHAOS_FAULTS=partition,crash</c> limits the fault kinds (to soak one of them;
/// throttle and disconnect are available too); <c>CHAOS_DEBUG=1</c> makes the nodes log at Debug level, for the timeline of a
/// failing seed. The seeds run side by side in <see cref="Lanes"/> test classes (xunit runs one class's tests one after another),
/// seed <c>s</c> in lane <c>s mod 3</c>: <see cref="ChaosLane0Tests"/>, <see cref="ChaosLane1Tests"/>, <see cref="ChaosLane2Tests"/>.
/// </summary>
[LongRunning(110)]
public abstract class ChaosTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    /// <summary>How many test classes the seeds are spread over.</summary>
    public const int Lanes = 3;

    private const int DefaultRounds = 30;
    private const int ConcurrentCallers = 2;
    private static readonly ChaosFault[] DefaultFaults = [ChaosFault.Blackhole, ChaosFault.Partition, ChaosFault.Crash, ChaosFault.Heal];
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CallGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CallPause = TimeSpan.FromMilliseconds(5);
    // Not shorter than the failure detector's acceptable pause (the kit's 2 s). With 1 s, a partition's minority once decided it
    // was the majority: a 1.1 s thread-pool stall on every node made it see the third majority node unreachable only as its
    // stable-after timer fired, so it counted 2 unreachable of 5 and downed them while the majority downed it (both sides Up).
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _callViolations = new();
    private readonly StallClock _stalls = new();
    private long _callsSucceeded;
    private long _callsFailed;

    /// <summary>The seeds of <paramref name="lane"/>: those from <c>CHAOS_SEEDS</c> (comma-separated), else of 1, 2 and 3, whose remainder by <see cref="Lanes"/> is the lane.</summary>
    public static IReadOnlyList<int> SeedsOfLane(int lane) =>
        ChaosSchedule.SeedsFromEnvironment(1, 2, 3).Where(seed => (seed % Lanes + Lanes) % Lanes == lane).ToArray();

    /// <summary><see cref="SeedsOfLane"/> as the data of a lane's theory.</summary>
    public static TheoryData<int> LaneSeeds(int lane) => new(SeedsOfLane(lane));

    protected override void ConfigureSettings(ClusterSystemSettings settings)
    {
        if (Environment.GetEnvironmentVariable("CHAOS_DEBUG") == "1") settings.Logging.LogLevel = LogLevel.Debug;
        settings.Downing = DowningStrategySettings.SplitBrainResolver(new SplitBrainResolverSettings
        {
            Strategy = SplitBrainResolverStrategy.KeepMajority(),
            StableAfter = StableAfter,
            // Rounds follow each other quickly; down-all on instability would end the cluster instead of testing it.
            DownAllWhenUnstable = false,
        });
        settings.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.Zero);
        settings.RemoteCall.DefaultTimeout = CallTimeout;
        // A replacement is refused until its crashed incarnation is removed; retrying sooner keeps the rounds short.
        settings.Join.RetryUnsuccessfulJoinAfter = TimeSpan.FromMilliseconds(300);
        // A connection opened while a port changes hands can hang until this timeout, and the replacement is not heard meanwhile
        // (see ReplacementJoinTests).
        settings.Node.ConnectTimeout = TimeSpan.FromSeconds(2);
        // The throttler's blackhole swallows connection closes; a short transport detector drops the stale connections the way a
        // real network's reset would.
        settings.AdditionalHocon = "akka.remote.transport-failure-detector { heartbeat-interval = 500ms, acceptable-heartbeat-pause = 2s }";
    }

    /// <summary>Runs the chaos schedule of <paramref name="seed"/>; <paramref name="testMethod"/> names the lane's test in the rerun command.</summary>
    protected async Task RunSeedAsync(int seed, [CallerMemberName] string testMethod = "")
    {
        var schedule = new ChaosSchedule(seed, ChaosSchedule.RoundsFromEnvironment(DefaultRounds), ChaosSchedule.FaultsFromEnvironment(DefaultFaults));
        await RunChaosAsync(schedule, new ChaosOptions
        {
            NodeStarted = node =>
            {
                node.State = node.System.Spawn<IKitchenSink>(() => new KitchenSink(), "sink").Id;
                return Task.CompletedTask;
            },
            Workload = (cluster, stop) => Task.WhenAll(Enumerable.Range(0, ConcurrentCallers).Select(c => CallLoopAsync(cluster, new Random(seed * 100 + c), stop))),
            CheckInvariants = CheckInvariantsAsync,
        }, testMethod);
        Assert.Empty(_callViolations);
        Assert.True(Interlocked.Read(ref _callsSucceeded) > 0, "no call succeeded during the chaos run");
        Output?.WriteLine($"seed {seed}: {_callsSucceeded} calls succeeded, {_callsFailed} failed with RemoteCallException, {_stalls.Describe()}");
    }

    private async Task CheckInvariantsAsync(ChaosRound round)
    {
        if (round.PartitionSurvivors is { } survivors)
            Assert.True(survivors.SequenceEqual(round.Step.OtherSide), $"keep-majority did not keep the majority {string.Join(",", round.Step.OtherSide)} (kept [{string.Join(",", survivors)}])");
        foreach (var node in round.Cluster.Nodes)
        {
            await EventuallyAsync(() => Assert.Equal(node.System.Cluster.MembershipSnapshot, node.Events.Replay()), Converge);
            var seen = new Dictionary<UniqueNode, Spec.MemberStatus>();
            foreach (var e in node.Events.Events)
            {
                if (e is Spec.Snapshot snapshot)
                {
                    foreach (var m in snapshot.Membership) seen[m.Node] = m.Status;
                }
                else if (e is Spec.MembershipChange change)
                {
                    if (seen.TryGetValue(change.Node, out var before))
                        Assert.True(change.Status >= before, $"{node.Name} saw {change.Node} move back from {before} to {change.Status}");
                    seen[change.Node] = change.Status;
                }
            }
        }
        Assert.True(_callViolations.IsEmpty, $"Call violations: [{string.Join("; ", _callViolations.Take(5))}]");
    }

    /// <summary>
    /// Calls a random actor from a random running node, over and over. Every call must end within its timeout plus a grace
    /// second, and a successful one with its own unique text: a reply meant for another call, or a second reply to an earlier
    /// one, would show up as a wrong answer.
    /// </summary>
    private async Task CallLoopAsync(ChaosCluster cluster, Random random, CancellationToken stop)
    {
        var sequence = 0;
        while (!stop.IsCancellationRequested)
        {
            // A short pause between calls: calls to a downed node fail at once, and an unpaced loop would spend the CPU the
            // nodes need to detect and resolve the faults (the callers still make thousands of calls per seed).
            await Task.Delay(CallPause, CancellationToken.None);
            var nodes = cluster.Nodes;
            var caller = nodes[random.Next(nodes.Count)];
            var target = nodes[random.Next(nodes.Count)];
            if (caller.System.IsTerminated) continue;
            var text = $"{caller.Name}->{target.Name}#{sequence++}";
            Task<string?> call;
            try
            {
                using (RemoteCall.WithTimeout(CallTimeout))
                    call = caller.System.Resolve<IKitchenSink>((ActorID)target.State!).Echo(text).AsTask();
            }
            catch (Exception) when (caller.System.IsTerminated)
            {
                continue;
            }
            if (!await CompletesInTimeAsync(call))
            {
                _callViolations.Enqueue($"{text} did not complete within {(CallTimeout + CallGrace).TotalSeconds} s (not counting {_stalls.Describe()} so far)");
                continue;
            }
            try
            {
                var answer = await call;
                if (answer != text) _callViolations.Enqueue($"{text} was answered with \"{answer}\"");
                Interlocked.Increment(ref _callsSucceeded);
            }
            catch (RemoteCallException)
            {
                Interlocked.Increment(ref _callsFailed);
            }
            catch (Exception e)
            {
                _callViolations.Enqueue($"{text} failed with {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="call"/> completes within its timeout plus the grace second, measured in time the process and its
    /// thread pool could run: on a shared 2-core machine the whole test process sometimes stalls for seconds (no node logs
    /// anything), and the pool that every node of this process shares is sometimes starved for a second or more (every node
    /// logs a late heartbeat at once, around a node's crash or start; the cause is not known). A call cannot be answered in
    /// time it never gets. A hung call still fails, since stalls and starvation do not go on for ever.
    /// </summary>
    private async Task<bool> CompletesInTimeAsync(Task call)
    {
        var started = Stopwatch.GetTimestamp();
        var stalledBefore = _stalls.Total;
        while (!call.IsCompleted)
        {
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None));
            if (!call.IsCompleted && Stopwatch.GetElapsedTime(started) - (_stalls.Total - stalledBefore) > CallTimeout + CallGrace) return false;
        }
        return true;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        _stalls.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>
    /// Adds up the time in which calls could not progress. Process stalls: a dedicated thread wakes every 20 ms, and any wake-up
    /// more than 200 ms late counts as a stall of that lateness. Thread-pool starvation: the same thread keeps one probe queued
    /// on the thread pool, and a probe that starts more than 200 ms after it was queued counts its wait. A call's timeout, its
    /// completion and this test's check of it all run on the pool, so while the pool is starved none of them can happen. Both
    /// are reported; a pause that hits both (a long GC) is counted twice, so the allowance is an upper bound.
    /// </summary>
    private sealed class StallClock : IDisposable
    {
        private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan Late = TimeSpan.FromMilliseconds(200);
        private readonly CancellationTokenSource _stop = new();
        private long _stalledTicks;
        private long _starvedTicks;

        // Stopwatch timestamp at which the outstanding pool probe was queued; 0 when none is outstanding.
        private long _probeQueuedAt;

        public StallClock()
        {
            var thread = new Thread(() =>
            {
                var last = Stopwatch.GetTimestamp();
                // Waiting for the stop signal with the tick as deadline: a wake-up later than the tick is a stall.
                while (!_stop.Token.WaitHandle.WaitOne(Tick))
                {
                    var now = Stopwatch.GetTimestamp();
                    var lateBy = Stopwatch.GetElapsedTime(last, now) - Tick;
                    if (lateBy > Late) Interlocked.Add(ref _stalledTicks, lateBy.Ticks);
                    last = now;
                    if (Interlocked.CompareExchange(ref _probeQueuedAt, now, 0) == 0)
                        ThreadPool.UnsafeQueueUserWorkItem(static clock => clock.OnProbe(), this, preferLocal: false);
                }
            }) { IsBackground = true, Name = "chaos-stall-clock" };
            thread.Start();
        }

        /// <summary>Process stalls so far.</summary>
        public TimeSpan Stalled => TimeSpan.FromTicks(Interlocked.Read(ref _stalledTicks));

        /// <summary>Thread-pool starvation so far, including a probe that has been waiting too long right now.</summary>
        public TimeSpan Starved
        {
            get
            {
                var queuedAt = Interlocked.Read(ref _probeQueuedAt);
                var waiting = queuedAt == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(queuedAt);
                return TimeSpan.FromTicks(Interlocked.Read(ref _starvedTicks)) + (waiting > Late ? waiting : TimeSpan.Zero);
            }
        }

        public TimeSpan Total => Stalled + Starved;

        public string Describe() => $"process stalls {Stalled.TotalMilliseconds:0} ms, thread-pool starvation {Starved.TotalMilliseconds:0} ms";

        private void OnProbe()
        {
            var waited = Stopwatch.GetElapsedTime(Interlocked.Read(ref _probeQueuedAt));
            if (waited > Late) Interlocked.Add(ref _starvedTicks, waited.Ticks);
            Interlocked.Exchange(ref _probeQueuedAt, 0);
        }

        public void Dispose() => _stop.Cancel();
    }
}
