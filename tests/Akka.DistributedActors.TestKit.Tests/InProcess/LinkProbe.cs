using Akka.Actor;
using Akka.Remote;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

/// <summary>
/// Plain Akka actors for measuring a link: a sink that counts the bytes it receives and answers how many on request, and a
/// listener that records the remoting disassociations of its system.
/// </summary>
internal static class LinkProbe
{
    public const int ChunkBytes = 20_000;

    public static IActorRef StartSink(ClusterSystem on) => on.ActorSystem.ActorOf(Props.Create(() => new Sink()), "sink");

    /// <summary>Sends <paramref name="chunks"/> chunks from <paramref name="from"/> to the sink on <paramref name="to"/> and waits until all arrived.</summary>
    public static async Task<TimeSpan> TransferAsync(ClusterSystem from, ClusterSystem to, int chunks, TimeSpan within)
    {
        var sink = await from.ActorSystem.ActorSelection($"{Akka.Cluster.Cluster.Get(to.ActorSystem).SelfAddress}/user/sink")
            .ResolveOne(within).ConfigureAwait(false);
        var before = await sink.Ask<long>("count", within).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < chunks; i++) sink.Tell(new byte[ChunkBytes]);
        // Messages between two actors arrive in order, so the answer counts every chunk sent before it.
        var after = await sink.Ask<long>("count", within).ConfigureAwait(false);
        clock.Stop();
        Assert.Equal((long)chunks * ChunkBytes, after - before);
        return clock.Elapsed;
    }

    /// <summary>Completes with the first disassociation from <paramref name="peer"/> that <paramref name="on"/> publishes.</summary>
    public static Task<DisassociatedEvent> DisassociationAsync(ClusterSystem on, ClusterSystem peer)
    {
        var seen = new TaskCompletionSource<DisassociatedEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        var address = Akka.Cluster.Cluster.Get(peer.ActorSystem).SelfAddress;
        var listener = on.ActorSystem.ActorOf(Props.Create(() => new Listener(address, seen)));
        on.ActorSystem.EventStream.Subscribe(listener, typeof(DisassociatedEvent));
        return seen.Task;
    }

    private sealed class Sink : ReceiveActor
    {
        public Sink()
        {
            long bytes = 0;
            Receive<byte[]>(chunk => bytes += chunk.Length);
            Receive<string>(_ => Sender.Tell(bytes));
        }
    }

    private sealed class Listener : ReceiveActor
    {
        public Listener(Address peer, TaskCompletionSource<DisassociatedEvent> seen) =>
            Receive<DisassociatedEvent>(e =>
            {
                if (e.RemoteAddress.Port == peer.Port && e.RemoteAddress.Host == peer.Host) seen.TrySetResult(e);
            });
    }
}
