using System.Diagnostics;
using System.Runtime.CompilerServices;
using Reachability = Akka.DistributedActors.Cluster.MemberReachability;
using Status = Akka.DistributedActors.Cluster.MemberStatus;

namespace Akka.DistributedActors.TestKit;

public abstract partial class ClusteredSystemsTestBase
{
    /// <summary>
    /// Runs <paramref name="schedule"/> against a cluster of <see cref="ChaosOptions.NodeNames"/>: starts and joins the nodes,
    /// starts the workload, then for every round injects its fault, heals every link, replaces every node that crashed or was
    /// downed by a new incarnation on its address, waits until every node sees every node Up and reachable (and, after a link
    /// fault, stays so for the failure detector's pause), and checks the invariants. A failure throws
    /// <see cref="ChaosFailedException"/> naming the seed and round, how to rerun that seed alone, and the timeline.
    /// </summary>
    protected async Task RunChaosAsync(ChaosSchedule schedule, ChaosOptions options, [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckInvariants is null) throw new ArgumentException("ChaosOptions.CheckInvariants is required: a chaos run without invariants tests nothing.", nameof(options));
        var steps = schedule.Steps(options.NodeNames);
        var run = new ChaosRun(this, options);
        var rerun = $"CHAOS_SEEDS={schedule.Seed} dotnet test --filter \"FullyQualifiedName~{GetType().Name}.{testMethod}\"";
        ChaosStep? current = null;
        var roundStarted = TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();
        using var stop = new CancellationTokenSource();
        Task? workload = null;
        try
        {
            await run.StartAsync().ConfigureAwait(false);
            workload = options.Workload?.Invoke(run.Cluster, stop.Token) ?? Task.CompletedTask;
            foreach (var step in steps)
            {
                current = step;
                roundStarted = DateTime.UtcNow - Recorder.Started;
                Recorder.Action($"chaos seed {schedule.Seed} round {step.Round}/{schedule.Rounds}: {step}");
                var survivors = await run.InjectAsync(step).ConfigureAwait(false);
                var faulted = Stopwatch.GetTimestamp();
                await run.HealAsync().ConfigureAwait(false);
                await run.RestoreAsync().ConfigureAwait(false);
                var restored = Stopwatch.GetTimestamp();
                if (step.Fault is ChaosFault.Blackhole or ChaosFault.Disconnect or ChaosFault.Throttle) await run.SettleAsync().ConfigureAwait(false);
                // A workload that failed fails the round it failed in.
                if (workload.IsFaulted) await workload.ConfigureAwait(false);
                await options.CheckInvariants(new ChaosRound(schedule.Seed, step, run.Cluster, survivors)).ConfigureAwait(false);
                // Where a round's time goes, for tuning a suite's length.
                Output?.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} seed {schedule.Seed} round {step.Round}: {step}; restored in " +
                    $"{Stopwatch.GetElapsedTime(faulted, restored).TotalMilliseconds:0} ms, settled and checked in {Stopwatch.GetElapsedTime(restored).TotalMilliseconds:0} ms");
            }
            current = null;
            await stop.CancelAsync().ConfigureAwait(false);
            await workload.ConfigureAwait(false);
            Output?.WriteLine($"seed {schedule.Seed}: {schedule.Rounds} rounds in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s, " +
                $"cluster formed anew {run.Reforms} times");
        }
        catch (Exception e) when (e is not ChaosFailedException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            var round = current?.Round ?? (workload is null ? 0 : schedule.Rounds);
            var timeline = Recorder.Snapshot();
            string? file = null;
            try
            {
                file = timeline.WriteFile($"{GetType().Name}.{testMethod}.seed-{schedule.Seed}");
            }
            catch (Exception io) when (io is IOException or UnauthorizedAccessException)
            {
                Output?.WriteLine($"Could not write the timeline: {io.Message}");
            }
            var where = round == 0 ? "while setting up the cluster" : $"in round {round}/{schedule.Rounds} ({current?.ToString() ?? "after the last round"})";
            throw new ChaosFailedException(
                $"Chaos seed {schedule.Seed} failed {where}: {e.GetType().Name}: {e.Message}{Environment.NewLine}" +
                $"Rerun this seed alone: {rerun}{Environment.NewLine}" +
                (file is null ? "" : $"Whole timeline: {file}{Environment.NewLine}") +
                timeline.Summary(roundStarted),
                schedule.Seed, round, current, rerun, timeline, file, e);
        }
    }

    /// <summary>The nodes of one chaos run, the faults of a round, and how the cluster is brought back after one.</summary>
    private sealed class ChaosRun(ClusteredSystemsTestBase kit, ChaosOptions options)
    {
        private readonly List<(ClusterSystem A, ClusterSystem B)> _faulted = [];

        public ChaosCluster Cluster { get; } = new(options.NodeNames.Count);

        public int Reforms { get; private set; }

        private int Count => options.NodeNames.Count;

        public async Task StartAsync()
        {
            for (var i = 0; i < Count; i++) Cluster.Set(i, await StartAsync(options.NodeNames[i], 1, port: 0).ConfigureAwait(false));
            var nodes = Cluster.Nodes;
            foreach (var node in nodes.Skip(1)) node.System.Cluster.Join(nodes[0].System.Cluster.Node);
            await RestoreAsync().ConfigureAwait(false);
        }

        /// <summary>Injects one step's fault; for a partition, returns the side that stayed up once it resolved.</summary>
        public async Task<IReadOnlyList<string>?> InjectAsync(ChaosStep step)
        {
            ClusterSystem Of(string name) => Cluster[name].System;
            switch (step.Fault)
            {
                case ChaosFault.Blackhole or ChaosFault.Throttle or ChaosFault.Disconnect:
                {
                    var (a, b) = (Of(step.Nodes[0]), Of(step.Nodes[1]));
                    var fault = step.Fault switch
                    {
                        ChaosFault.Blackhole => LinkFault.Blackhole,
                        ChaosFault.Throttle => LinkFault.Throttle(step.BytesPerSecond),
                        _ => LinkFault.Disconnect,
                    };
                    await kit.FaultAsync(a, b, fault, LinkDirection.Both).ConfigureAwait(false);
                    _faulted.Add((a, b));
                    // How long the link stays faulted is the random part of the fault, not a wait for a condition.
                    await Task.Delay(step.Hold).ConfigureAwait(false);
                    return null;
                }
                case ChaosFault.Partition:
                {
                    var minority = step.Nodes.Select(Of).ToList();
                    var majority = step.OtherSide.Select(Of).ToList();
                    await kit.PartitionAsync(minority, majority).ConfigureAwait(false);
                    _faulted.AddRange(minority.SelectMany(x => majority.Select(y => (x, y))));
                    return await AwaitPartitionResolvedAsync(step, minority, majority).ConfigureAwait(false);
                }
                case ChaosFault.Crash:
                    await kit.CrashAsync(Of(step.Nodes[0])).ConfigureAwait(false);
                    return null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// Heals every faulted link, each side on its own: the throttler keys a link by host and port, so a side left faulted
        /// would also cut off the replacement that reuses a downed node's port. A side whose node shut down needs no healing.
        /// </summary>
        public async Task HealAsync()
        {
            foreach (var (a, b) in _faulted)
            {
                await Task.WhenAny(FaultInjection.ApplyAsync(a, b.Cluster.Node, LinkFault.PassThrough), a.Terminated).ConfigureAwait(false);
                await Task.WhenAny(FaultInjection.ApplyAsync(b, a.Cluster.Node, LinkFault.PassThrough), b.Terminated).ConfigureAwait(false);
            }
            if (_faulted.Count > 0) kit.Recorder.Action("heal all");
            lock (kit._faultedLinks)
            {
                foreach (var link in _faulted) kit._faultedLinks.Remove(link);
            }
            _faulted.Clear();
        }

        /// <summary>
        /// Replaces every node that crashed or was downed (and so shut itself down) with a new incarnation on the same port,
        /// until every node is Up and reachable everywhere. A node may be downed by a decision taken before the heal, so
        /// replacing and checking repeat until the deadline.
        /// </summary>
        public async Task RestoreAsync()
        {
            var deadline = DateTime.UtcNow + options.ConvergeWithin;
            DateTime? noneUpSince = null;
            while (true)
            {
                var nodes = Cluster.Nodes;
                // Every node stalled at once (the whole process paused longer than the failure detector allows) leaves each
                // node a minority of one, and keep-majority downs them all: a legal outcome (no side stays up), after which
                // nothing can be joined. The cluster is then formed anew on the same ports, and the run goes on.
                if (nodes.Any(n => n.System.IsTerminated) && nodes.All(n => n.System.IsTerminated || n.System.Cluster.Member.Status != Status.Up))
                {
                    noneUpSince ??= DateTime.UtcNow;
                    if (DateTime.UtcNow - noneUpSince > options.TotalLossAfter)
                    {
                        await ReformAsync().ConfigureAwait(false);
                        noneUpSince = null;
                    }
                }
                else
                {
                    noneUpSince = null;
                }
                for (var i = 0; i < Count; i++)
                {
                    var node = Cluster.Nodes[i];
                    if (!node.System.Terminated.IsCompleted) continue;
                    // Only a node of the majority may be joined: a node of a downed minority may still think itself Up.
                    var seed = Cluster.Nodes.FirstOrDefault(s => !s.System.IsTerminated && !Doomed(s.System) &&
                        s.System.Cluster.MembershipSnapshot.Count(m => m is { Status: Status.Up, Reachability: Reachability.Reachable }) > Count / 2);
                    if (seed is null) break;
                    var replacement = await StartAsync(node.Name, node.Incarnation + 1, node.System.Cluster.Node.Port).ConfigureAwait(false);
                    kit.Recorder.Action($"replace {node.Name}#{node.Incarnation} by #{replacement.Incarnation}, joining {seed.Name}");
                    replacement.System.Cluster.Join(seed.System.Cluster.Node);
                    Cluster.Set(i, replacement);
                }
                var problem = ConvergenceProblem();
                if (problem is null) return;
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the cluster did not converge within {options.ConvergeWithin.TotalSeconds} s: {problem}");
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Waits until the converged cluster has stayed converged for the failure detector's acceptable pause plus a margin. A
        /// link healed just before the failure detector would have noticed can still be marked unreachable a moment later; that
        /// must not overlap the next fault (one side of a partition could then down a node the other side still counts, and
        /// both sides would be majorities of what each saw; keep-majority decides on each side's view and cannot prevent that).
        /// </summary>
        public async Task SettleAsync()
        {
            var settle = Cluster.Nodes[0].System.Settings.FailureDetector.AcceptableHeartbeatPause + TimeSpan.FromMilliseconds(500);
            var deadline = DateTime.UtcNow + options.ConvergeWithin;
            var stableSince = DateTime.UtcNow;
            while (DateTime.UtcNow - stableSince < settle)
            {
                if (ConvergenceProblem() is not null)
                {
                    await RestoreAsync().ConfigureAwait(false);
                    stableSince = DateTime.UtcNow;
                }
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"the cluster did not stay converged for {settle.TotalSeconds} s within {options.ConvergeWithin.TotalSeconds} s");
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        /// <summary>Waits until each side has resolved the partition in its favour or gone down; fails if both sides stayed up.</summary>
        private async Task<IReadOnlyList<string>> AwaitPartitionResolvedAsync(ChaosStep step, List<ClusterSystem> minority, List<ClusterSystem> majority)
        {
            (List<ClusterSystem> Side, List<ClusterSystem> Other, IReadOnlyList<string> Names)[] sides =
                [(minority, majority, step.Nodes), (majority, minority, step.OtherSide)];
            await EventuallyAsync(() =>
            {
                foreach (var (side, other, names) in sides)
                {
                    if (!Won(side, other) && !Lost(side))
                        throw new TimeoutException($"side {string.Join(",", names)} has not resolved the partition {step}");
                }
            }, options.ConvergeWithin).ConfigureAwait(false);
            var winners = sides.Where(s => Won(s.Side, s.Other)).ToList();
            if (winners.Count > 1) throw new InvalidOperationException($"split brain: both sides of {step} stayed up");
            return winners.Count == 1 ? winners[0].Names : [];
        }

        private static bool Won(List<ClusterSystem> side, List<ClusterSystem> other) => side.Any(n =>
        {
            if (n.IsTerminated) return false;
            var view = n.Cluster.MembershipSnapshot;
            return view.FindMember(n.Cluster.UniqueNode)?.Status == Status.Up &&
                   other.All(o => view.FindMember(o.Cluster.UniqueNode) is not { } m || m.Status >= Status.Down);
        });

        private static bool Lost(List<ClusterSystem> side) => side.All(n =>
            n.IsTerminated || n.Cluster.MembershipSnapshot.FindMember(n.Cluster.UniqueNode) is not { Status: < Status.Down });

        /// <summary>Crashes whatever still runs and starts every node again on its port, the first founding the cluster.</summary>
        private async Task ReformAsync()
        {
            Reforms++;
            kit.Recorder.Action($"no node was Up for {options.TotalLossAfter.TotalSeconds} s (all downed): forming the cluster anew");
            foreach (var node in Cluster.Nodes.Where(n => !n.System.Terminated.IsCompleted)) await kit.CrashAsync(node.System).ConfigureAwait(false);
            for (var i = 0; i < Count; i++)
            {
                var old = Cluster.Nodes[i];
                Cluster.Set(i, await StartAsync(old.Name, old.Incarnation + 1, old.System.Cluster.Node.Port).ConfigureAwait(false));
            }
            var nodes = Cluster.Nodes;
            foreach (var node in nodes) node.System.Cluster.Join(nodes[0].System.Cluster.Node);
        }

        /// <summary>Whether <paramref name="node"/> sees itself Down or Removed, or any other running node sees it Down.</summary>
        private bool Doomed(ClusterSystem node) =>
            node.Cluster.MembershipSnapshot.FindMember(node.Cluster.UniqueNode) is not { Status: < Status.Down } ||
            Cluster.Nodes.Any(o => !o.System.IsTerminated &&
                o.System.Cluster.MembershipSnapshot.FindMember(node.Cluster.UniqueNode) is { Status: >= Status.Down });

        /// <summary>Null when every node runs and sees exactly all of them Up and reachable; else what differs.</summary>
        private string? ConvergenceProblem()
        {
            var nodes = Cluster.Nodes;
            var expected = nodes.Select(s => s.System.Cluster.UniqueNode).ToHashSet();
            foreach (var node in nodes)
            {
                if (node.System.IsTerminated) return $"{node.Name} is shutting down";
                var view = node.System.Cluster.MembershipSnapshot;
                var members = view.Where(m => m.Status < Status.Down).ToList();
                if (members.Count != Count || !members.All(m => expected.Contains(m.Node) && m.Status == Status.Up &&
                        m.Reachability == Reachability.Reachable))
                    return $"{node.Name} sees [{string.Join(", ", view)}]";
            }
            return null;
        }

        private async Task<ChaosNode> StartAsync(string name, int incarnation, int port)
        {
            var system = await kit.StartNodeAsync(name, incarnation, options.ConfigureNode + (s => s.Node.Port = port)).ConfigureAwait(false);
            var node = new ChaosNode(name, incarnation, system, kit.EventProbe(system));
            if (options.NodeStarted is { } started) await started(node).ConfigureAwait(false);
            return node;
        }
    }
}
