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
            // The reader's continuation runs inside the translator's write, but only up to the hop below, which moves it to
            // the thread pool before any of the subscriber's code runs.
            AllowSynchronousContinuations = true,
        });
        var subscriber = new ChannelSubscriber(channel.Writer, _bufferSize);
        _translator.Tell(new TranslatorProtocol.Subscribe(subscriber));
        // A subscription that reaches the translator after it stopped is lost; ending with the system keeps such a
        // stream (and every other one) from waiting forever.
        _ = _systemTerminated.ContinueWith(_ => subscriber.Complete(), TaskScheduler.Default);
        try
        {
            while (true)
            {
                var waiting = channel.Reader.WaitToReadAsync(cancellationToken);
                bool more;
                if (waiting.IsCompletedSuccessfully)
                {
                    more = waiting.Result;
                }
                else
                {
                    try
                    {
                        more = await waiting.ConfigureAwait(false);
                    }
                    finally
                    {
                        // Resumed on the thread that wrote, completed or cancelled: the translator's, for an event. Leave it
                        // before yielding anything, so that a slow subscriber never holds up the translator or other subscribers.
                        await default(ThreadPoolHop);
                    }
                }
                if (!more) break;
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

/// <summary>
/// Awaiting this continues on the thread pool, queued to the current worker's local queue as Akka's dispatchers queue an actor's
/// mailbox. Channel continuations go to the global queue instead, where under load they wait behind the local work of every
/// worker (the cluster's actors among it), which was most of the delay from an Akka cluster event to a facade subscriber.
/// </summary>
internal readonly struct ThreadPoolHop : ICriticalNotifyCompletion
{
    /// <summary>Always false: the point is to hop.</summary>
    public bool IsCompleted => false;

    /// <summary>Returns the awaiter (itself).</summary>
    public ThreadPoolHop GetAwaiter() => this;

    /// <summary>Nothing to return.</summary>
    public void GetResult() { }

    /// <summary>Queues <paramref name="continuation"/> with the current execution context.</summary>
    public void OnCompleted(Action continuation) =>
        ThreadPool.QueueUserWorkItem(static c => c(), continuation, preferLocal: true);

    /// <summary>Queues <paramref name="continuation"/>; the awaiting async method restores its own execution context.</summary>
    public void UnsafeOnCompleted(Action continuation) =>
        ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: true);
}
