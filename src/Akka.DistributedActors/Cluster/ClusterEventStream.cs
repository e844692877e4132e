using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors;

/// <summary>
/// The cluster's event stream (<c>system.Cluster.Events</c>). Each enumeration is an independent subscription that first yields
/// a <see cref="Cluster.Snapshot"/>, then every later change exactly once, in order. Cancelling or disposing the enumeration
/// unsubscribes. A reader that falls more than <see cref="ClusterSystemSettings.EventStreamBufferSize"/> events behind gets
/// <see cref="ClusterEventStreamOverflowException"/>; others are not affected. The stream ends when the system shuts down.
/// </summary>
public sealed class ClusterEventStream : IAsyncEnumerable<Cluster.Event>
{
    private readonly IActorRef _translator;
    private readonly int _bufferSize;
    private readonly Task _systemTerminated;

    internal ClusterEventStream(IActorRef translator, int bufferSize, Task systemTerminated)
    {
        _translator = translator;
        _bufferSize = bufferSize;
        _systemTerminated = systemTerminated;
    }

    /// <summary>The same stream with a different per-subscriber buffer (default <see cref="ClusterSystemSettings.EventStreamBufferSize"/>).</summary>
    public ClusterEventStream WithBufferSize(int bufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        return new ClusterEventStream(_translator, bufferSize, _systemTerminated);
    }

    /// <summary>Subscribes and enumerates: a snapshot first, then every change.</summary>
    public async IAsyncEnumerator<Cluster.Event> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<Cluster.Event>(new BoundedChannelOptions(_bufferSize)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscriber = new ChannelSubscriber(channel.Writer, _bufferSize);
        _translator.Tell(new TranslatorProtocol.Subscribe(subscriber));
        // A subscription that reaches the translator after it stopped is lost; ending with the system keeps such a
        // stream (and every other one) from waiting forever.
        _ = _systemTerminated.ContinueWith(_ => subscriber.Complete(), TaskScheduler.Default);
        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var e))
                    yield return e;
            }
        }
        finally
        {
            _translator.Tell(new TranslatorProtocol.Unsubscribe(subscriber));
        }
    }
}
