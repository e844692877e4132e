using Akka.Event;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Management.Dashboard;

/// <summary>
/// The dashboard's one subscription to the cluster events, shared by every open page. It keeps the membership and the timeline
/// and hands each event, serialized once, to every client's bounded queue without waiting: a client whose queue is full is
/// dropped, so neither the node's event delivery nor the other pages wait for a slow page. A client that connects gets the
/// snapshot of the state the following changes apply to, under the same lock that publishes them: no gap, no duplicate.
/// </summary>
internal sealed class DashboardFeed
{
    private readonly object _gate = new();
    private readonly List<DashboardClient> _clients = [];
    private readonly Queue<ChangeView> _timeline = new();
    private readonly IAsyncEnumerable<ClusterSpec.Event> _events;
    private readonly string _self;
    private readonly DashboardSettings _settings;
    private readonly ILoggingAdapter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Timer _keepAlive;
    private ClusterSpec.Membership? _membership;
    private byte[]? _snapshotFrame;
    private long _seq;
    private bool _closed;
    private int _stopRequested;

    public DashboardFeed(IAsyncEnumerable<ClusterSpec.Event> events, UniqueNode self, DashboardSettings settings, ILoggingAdapter log)
    {
        _events = events;
        _self = self.ToString();
        _settings = settings;
        _log = log;
        _keepAlive = new Timer(_ => KeepAlive(), null, settings.KeepAliveInterval, settings.KeepAliveInterval);
        // RunAsync handles its own failures: it logs them and disconnects the pages.
        _ = Task.Run(RunAsync);
    }

    /// <summary>
    /// Registers a client; its first frame is the current snapshot (or, before the first one arrived, the first one). Null once
    /// the feed has stopped.
    /// </summary>
    public DashboardClient? Connect(string remote, Action abort)
    {
        var client = new DashboardClient(_settings.ClientBufferSize, remote, abort);
        lock (_gate)
        {
            if (_closed) return null;
            if (_membership is not null) client.TryOffer(_snapshotFrame ??= SnapshotFrame());
            _clients.Add(client);
        }
        return client;
    }

    /// <summary>Forgets a client whose response ended.</summary>
    public void Disconnect(DashboardClient client)
    {
        lock (_gate) _clients.Remove(client);
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in _events.WithCancellation(_stop.Token).ConfigureAwait(false)) Publish(e);
                    return; // The stream ends when the system shuts down.
                }
                catch (ClusterEventStreamOverflowException e)
                {
                    // Subscribing again starts with a fresh snapshot, which every open page receives.
                    _log.Warning("Dashboard: {0} Subscribing again.", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.Error(e, "Dashboard: the cluster event subscription failed; open pages are disconnected.");
        }
        finally
        {
            Stop();
        }
    }

    private void Publish(ClusterSpec.Event e)
    {
        List<DashboardClient>? dropped = null;
        lock (_gate)
        {
            byte[] frame;
            if (e is ClusterSpec.Snapshot snapshot)
            {
                _membership = snapshot.Membership;
                frame = _snapshotFrame = SnapshotFrame();
            }
            else
            {
                _membership = (_membership ?? ClusterSpec.Membership.Empty).Apply(e);
                var change = ChangeView.Of(e, ++_seq, DateTimeOffset.UtcNow, _membership);
                _timeline.Enqueue(change);
                while (_timeline.Count > _settings.TimelineLength) _timeline.Dequeue();
                _snapshotFrame = null;
                frame = SseFrames.Change(change);
            }
            for (var i = _clients.Count - 1; i >= 0; i--)
            {
                if (_clients[i].TryOffer(frame)) continue;
                (dropped ??= []).Add(_clients[i]);
                _clients.RemoveAt(i);
            }
        }
        if (dropped is null) return;
        foreach (var client in dropped)
        {
            client.Drop();
            _log.Warning("Dashboard: disconnected the page at {0}, which fell {1} messages behind (Management.Dashboard.ClientBufferSize); " +
                         "it reconnects from a fresh snapshot.", client.Remote, _settings.ClientBufferSize);
        }
    }

    private byte[] SnapshotFrame()
    {
        var membership = _membership ?? ClusterSpec.Membership.Empty;
        return SseFrames.Snapshot(new SnapshotView(_seq, _self, membership.Leader?.Node.ToString(), _settings.ActionsEnabled,
            _settings.TimelineLength, membership.Select(MemberView.Of).ToArray(), _timeline.ToArray()));
    }

    private void KeepAlive()
    {
        lock (_gate)
        {
            // A full queue is dealt with by the next event; a keep-alive only matters to an idle stream.
            foreach (var client in _clients) client.TryOffer(SseFrames.KeepAlive);
        }
    }

    private void CloseAll()
    {
        DashboardClient[] clients;
        lock (_gate)
        {
            _closed = true;
            clients = _clients.ToArray();
            _clients.Clear();
        }
        foreach (var client in clients) client.Complete();
    }

    /// <summary>Unsubscribes and ends every open stream after the frames already queued; idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopRequested, 1) == 1) return;
        _keepAlive.Dispose();
        _stop.Cancel();
        CloseAll();
    }
}
