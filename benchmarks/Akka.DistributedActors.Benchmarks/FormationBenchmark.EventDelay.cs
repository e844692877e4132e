using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.Actor;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Benchmarks;

internal static partial class FormationBenchmark
{
    private const int EventClusterSize = 10;

    /// <summary>
    /// On one observer node, a raw Akka subscriber actor and a facade subscriber (<c>await foreach</c> over <c>Cluster.Events</c>)
    /// timestamp every member and reachability change; the same change (incarnation + status) seen by both gives one sample of
    /// facade minus raw. Each round forms a 10-node cluster with the observer, then of the 9 others 6 leave, 2 are downed and 1
    /// crashes (unreachable, then downed), so all event kinds occur.
    /// </summary>
    private static async Task EventDelayAsync(int rounds)
    {
        var raw = new ConcurrentDictionary<(ulong Nid, string Change), long>();
        var facade = new ConcurrentDictionary<(ulong Nid, string Change), long>();
        await using var observer = await ClusterSystem.StartAsync(Settings("observer"));
        using var cts = new CancellationTokenSource();

        var rawReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        observer.ActorSystem.ActorOf(RawEventRecorder.Props(AkkaCluster.Get(observer.ActorSystem), raw, rawReady));
        var facadeReady = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var facadeReader = RecordFacadeEventsAsync(observer, facade, facadeReady, cts.Token);
        await Task.WhenAll(rawReady.Task, facadeReady.Task).WaitAsync(Deadline);

        for (var round = 0; round < rounds; round++) await EventRoundAsync(observer, round);
        await cts.CancelAsync();
        await facadeReader;

        var delays = raw.Keys.Where(facade.ContainsKey).Select(k => Stats.Microseconds(raw[k], facade[k])).ToList();
        var kinds = raw.Keys.Where(facade.ContainsKey).GroupBy(k => k.Change).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine("## Event delay: Akka cluster event -> Cluster.Event at a facade subscriber");
        Console.WriteLine();
        Console.WriteLine($"{rounds} rounds on a {EventClusterSize}-node cluster; paired changes: {string.Join(", ", kinds)}.");
        Console.WriteLine("Delay = facade subscriber's receive timestamp minus raw Akka subscriber's receive timestamp for the same change.");
        Console.WriteLine();
        Console.Write(new MarkdownTable("paired events", "p50 (µs)", "p90 (µs)", "p99 (µs)", "max (µs)", "unpaired raw", "unpaired facade")
            .Row(delays.Count, Stats.Percentile(delays, 50), Stats.Percentile(delays, 90), Stats.Percentile(delays, 99), delays.Max(),
                raw.Keys.Count(k => !facade.ContainsKey(k)), facade.Keys.Count(k => !raw.ContainsKey(k))));
    }

    private static async Task RecordFacadeEventsAsync(ClusterSystem observer, ConcurrentDictionary<(ulong Nid, string Change), long> received,
        TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in observer.Cluster.Events.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var now = Stopwatch.GetTimestamp();
                switch (e)
                {
                    case Cluster.Snapshot:
                        ready.TrySetResult();
                        break;
                    case Cluster.MembershipChange c:
                        received.TryAdd((c.Node.Nid, c.Status.ToString()), now);
                        break;
                    case Cluster.ReachabilityChange r:
                        received.TryAdd((r.Member.Node.Nid, r.Reachability.ToString()), now);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task EventRoundAsync(ClusterSystem observer, int round)
    {
        var others = new List<ClusterSystem>();
        try
        {
            for (var i = 1; i < EventClusterSize; i++)
            {
                var settings = Settings($"r{round}n{i}");
                // Lets the crash below terminate the ActorSystem without Akka's graceful leave.
                settings.AdditionalHocon += "\nakka.coordinated-shutdown.run-by-actor-system-terminate = off";
                others.Add(await ClusterSystem.StartAsync(settings));
            }
            foreach (var o in others) o.Cluster.Join(observer.Cluster.Node);
            await observer.Cluster.WaitForAtLeastAsync(others.Select(o => o.Cluster.UniqueNode), Cluster.MemberStatus.Up, Deadline);

            var crashed = others[^1];
            var crashedNode = crashed.Cluster.UniqueNode;
            await crashed.ActorSystem.Terminate();
            await WaitUnreachableAsync(observer, crashedNode);
            observer.Cluster.Down(crashedNode.Node);
            foreach (var o in others.Take(6)) o.Cluster.Leave();
            foreach (var o in others.Skip(6).Take(2)) observer.Cluster.Down(o.Cluster.Node);
            await observer.Cluster.WaitForAsync(others.Select(o => o.Cluster.UniqueNode), Cluster.MemberStatus.Removed, Deadline);
        }
        finally
        {
            await Task.WhenAll(others.Select(o => o.ShutdownAsync()));
        }
    }

    private static async Task WaitUnreachableAsync(ClusterSystem observer, UniqueNode node)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var membership = Cluster.Membership.Empty;
        await foreach (var e in observer.Cluster.Events.WithCancellation(cts.Token).ConfigureAwait(false))
        {
            membership = membership.Apply(e);
            if (membership.FindMember(node) is { IsReachable: false }) return;
        }
        throw new InvalidOperationException($"{observer} shut down before {node} became unreachable.");
    }
}
