using System.Threading.Channels;

namespace Akka.DistributedActors.Management.Dashboard;

/// <summary>
/// One open event stream: a bounded queue of ready-made frames between the feed, which never waits, and the HTTP response,
/// which writes at the page's pace.
/// </summary>
internal sealed class DashboardClient
{
    private readonly Channel<byte[]> _frames;
    private readonly Action _abort;

    public DashboardClient(int capacity, string remote, Action abort)
    {
        _frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Remote = remote;
        _abort = abort;
    }

    /// <summary>Where the page connected from, for logs.</summary>
    public string Remote { get; }

    /// <summary>The frames to write, ending when the feed stops or drops this client.</summary>
    public ChannelReader<byte[]> Frames => _frames.Reader;

    /// <summary>Queues a frame without waiting; false when the queue is full.</summary>
    public bool TryOffer(byte[] frame) => _frames.Writer.TryWrite(frame);

    /// <summary>Ends the stream after the queued frames.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>Ends the stream at once: a response blocked on a page that does not read is aborted, not waited for.</summary>
    public void Drop()
    {
        _frames.Writer.TryComplete();
        _abort();
    }
}
