using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>
/// A rolling update as a Deployment does it, one pod at a time: the old node stops gracefully (leaves, hands its singleton over), a
/// new incarnation of the new version starts and finds the cluster through the Kubernetes discovery, while a caller keeps calling
/// the singleton.
/// </summary>
public sealed class RollingRestartTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const string WorkerRole = "worker";

    private static readonly ClusterSingletonSettings SingletonSettings = new()
    {
        Role = WorkerRole,
        IdentificationInterval = TimeSpan.FromMilliseconds(200),
        HandOverRetryInterval = TimeSpan.FromMilliseconds(200),
        AllocationTimeout = TimeSpan.FromSeconds(10),
    };

    private readonly ConcurrentDictionary<int, int> _handled = new();

    protected override void ConfigureSettings(ClusterSystemSettings settings) => settings.RemoteCall.DefaultTimeout = TimeSpan.FromSeconds(10);

    private async Task<ClusterSystem> StartWorkerAsync(FakeKubernetesApi api, int index, string version)
    {
        var node = await SetUpNodeAsync($"worker{index}", s =>
        {
            s.Roles.Add(WorkerRole);
            s.AppVersion = version;
            s.Discovery = ServiceDiscoverySettings.Kubernetes(FakeKubernetesApi.Namespace, FakeKubernetesApi.Labels, options: api.Options());
            s.Discovery.RequiredContactPoints = 3;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(300);
        });
        node.Singleton.Host<ITicketCounter>("tickets", () => new TicketCounter(_handled), SingletonSettings);
        api.SetPod($"orders-{index}-{version}", node.Cluster.Node.Port, appVersion: version);
        return node;
    }

    [Fact]
    public async Task Restarting_three_nodes_one_by_one_loses_no_singleton_call_and_ends_in_one_cluster_of_the_three_new_nodes()
    {
        await using var api = await FakeKubernetesApi.StartAsync();
        var workers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StartWorkerAsync(api, i, "1.0.0")));
        await EnsureAllUpAsync(workers);
        var caller = await SetUpNodeAsync("caller");
        await JoinNodesAsync(caller, workers[0]);
        var tickets = caller.Singleton.Proxy<ITicketCounter>("tickets", SingletonSettings);
        Assert.Equal(0, await tickets.Take(0));

        var answered = new ConcurrentDictionary<int, int>();
        var failed = new ConcurrentDictionary<int, RemoteCallException>();
        var unexpected = new ConcurrentQueue<Exception>();
        var nextId = 0;
        using var stop = new CancellationTokenSource();
        var callers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Interlocked.Increment(ref nextId);
                try
                {
                    answered.AddOrUpdate(id, await tickets.Take(id), (_, _) => -1);
                }
                catch (RemoteCallException e)
                {
                    failed[id] = e;
                }
                catch (Exception e)
                {
                    unexpected.Enqueue(e);
                }
            }
        })).ToArray();

        var rolling = Stopwatch.StartNew();
        for (var i = 0; i < workers.Length; i++)
        {
            var old = workers[i];
            api.DeletePod($"orders-{i}-1.0.0");
            await old.ShutdownAsync();
            workers[i] = await StartWorkerAsync(api, i, "2.0.0");
            await EnsureAllUpAsync([.. workers, caller]);
            var versions = caller.Cluster.MembershipSnapshot.MembersWithStatus(Cluster.MemberStatus.Up)
                .Where(m => m.Roles.Contains(WorkerRole)).Select(m => m.AppVersion ?? "unknown").Order().ToArray();
            Assert.Equal([.. Enumerable.Repeat("1.0.0", 2 - i), .. Enumerable.Repeat("2.0.0", i + 1)], versions);
        }
        var answeredBeforeStop = answered.Count;
        await EventuallyAsync(() => Assert.True(answered.Count >= answeredBeforeStop + 20), TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));
        Output!.WriteLine($"Rolling restart took {rolling.ElapsedMilliseconds} ms; {answered.Count} calls answered, {failed.Count} failed: " +
            string.Join("; ", failed.Values.Select(e => e.Kind).Distinct()));

        Assert.Empty(unexpected);
        Assert.Equal(nextId, answered.Count + failed.Count);
        Assert.All(answered, a => Assert.Equal(a.Key, a.Value));
        Assert.All(answered.Keys, id => Assert.Equal(1, _handled.GetValueOrDefault(id)));
        Assert.All(failed.Keys, id => Assert.InRange(_handled.GetValueOrDefault(id), 0, 1));
        foreach (var observer in workers.Append(caller))
        {
            var members = observer.Cluster.MembershipSnapshot.MembersWithStatus(Cluster.MemberStatus.Up);
            Assert.Equal(workers.Select(w => w.Cluster.UniqueNode).Append(caller.Cluster.UniqueNode).Order(), members.Select(m => m.Node).Order());
            Assert.All(members.Where(m => m.Roles.Contains(WorkerRole)), m => Assert.Equal("2.0.0", m.AppVersion));
        }
    }
}
