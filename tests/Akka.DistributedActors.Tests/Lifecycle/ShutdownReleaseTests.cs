using System.Runtime.CompilerServices;
using Akka.DistributedActors.TestKit;
using Akka.DistributedActors.Tests.Actors;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Lifecycle;

/// <summary>
/// A node that has shut down must not stay in memory. Akka.NET keeps two joined systems reachable after termination until
/// every pool thread that had resolved an actor reference for them exited (20 s when idle, never when busy); without the
/// release in <c>Actors/Runtime/ResolveCacheRelease</c> a test suite would keep every cluster it had started.
/// It forces full garbage collections, which pause every thread of the process, so it runs alone (<see cref="SoloCollection"/>):
/// beside other tests such pauses can make nodes miss heartbeats and callers miss their deadlines.
/// It starts its two nodes with the kit's <see cref="TestSettings"/> but not through <see cref="ClusteredSystemsTestBase"/>, whose
/// node list (kept for the tear-down) would itself keep the systems reachable; it shuts both down itself.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class ShutdownReleaseTests
{
    // Well under the 20 s after which an idle pool thread exits and would release the systems anyway.
    private static readonly TimeSpan ReleasedWithin = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Joined_nodes_can_be_collected_soon_after_they_shut_down()
    {
        var nodes = await StartCallAndShutDownJoinedPairAsync();
        var deadline = DateTime.UtcNow + ReleasedWithin;
        while (nodes.Any(n => n.IsAlive) && DateTime.UtcNow < deadline)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(100);
        }
        Assert.False(nodes.Any(n => n.IsAlive),
            $"{nodes.Count(n => n.IsAlive)} of {nodes.Length} ActorSystems and ClusterSystems were still reachable {ReleasedWithin.TotalSeconds} s after shutdown");
    }

    // Not inlined, and returning only weak references, so that nothing on the test's own stack keeps the nodes reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference[]> StartCallAndShutDownJoinedPairAsync()
    {
        ClusterSystem? a = null, b = null;
        try
        {
            a = await ClusterSystem.StartAsync(TestSettings.Create("a"));
            b = await ClusterSystem.StartAsync(TestSettings.Create("b"));
            b.Cluster.Join(a.Cluster.Node);
            await a.Cluster.WaitForAtLeastAsync(b.Cluster.UniqueNode, Spec.MemberStatus.Up, TimeSpan.FromSeconds(20));
            // Remote calls both ways: each side resolves the other's actor references on its pool threads.
            var onA = a.Spawn<IKitchenSink>(() => new KitchenSink());
            var onB = b.Spawn<IKitchenSink>(() => new KitchenSink());
            for (var i = 0; i < 20; i++)
            {
                Assert.Equal("to-a", await b.Resolve<IKitchenSink>(onA.Id).Echo("to-a"));
                Assert.Equal("to-b", await a.Resolve<IKitchenSink>(onB.Id).Echo("to-b"));
            }
        }
        finally
        {
            foreach (var node in new[] { a, b })
            {
                if (node is null) continue;
                await node.ShutdownAsync();
                CapturingLogger.Forget(node.ActorSystem);
            }
        }
        WeakReference[] references = [new(a.ActorSystem), new(b.ActorSystem), new(a), new(b)];
        a = b = null;
        return references;
    }
}
