namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Records every <see cref="Cluster.Event"/> one system publishes (its first is the subscription's Snapshot) so a test can
/// wait for an event or look at the whole sequence. Dispose to unsubscribe.
/// </summary>
public sealed class ClusterEventProbe : IAsyncDisposable
{
    // The Snapshot comes from the event translator's mailbox; only a wedged system takes longer.
    private static readonly TimeSpan SubscribeWithin = TimeSpan.FromSeconds(10);

    private readonly List<Cluster.Event> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly SemaphoreSlim _changed = new(0);
    private Exception? _failure;

    /// <summary>
    /// Starts recording the events of <paramref name="system"/> and returns once its Snapshot has arrived, so that whatever the
    /// test does next shows up as events after it (not already folded into the Snapshot).
    /// </summary>
    public ClusterEventProbe(ClusterSystem system)
    {
        System = system;
        var events = system.Cluster.Events.GetAsyncEnumerator(_stop.Token);
        // The first step subscribes on this thread; the wait below makes sure the Snapshot is taken before the test acts.
        _pump = PumpAsync(events, events.MoveNextAsync());
        if (!_changed.Wait(SubscribeWithin))
        {
            _stop.Cancel();
            throw new TimeoutException($"{system} did not deliver the Snapshot of a new subscription within {SubscribeWithin.TotalSeconds} s.");
        }
        // The wait took the signal for the Snapshot (or for the end of the stream); give it back for the Expect methods.
        _changed.Release();
    }

    private async Task PumpAsync(IAsyncEnumerator<Cluster.Event> events, ValueTask<bool> first)
    {
        try
        {
            for (var more = await first.ConfigureAwait(false); more; more = await events.MoveNextAsync().ConfigureAwait(false))
            {
                lock (_events) _events.Add(events.Current);
                _changed.Release();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            // Also wakes the constructor when the stream ends before a Snapshot (the system had already shut down).
            _changed.Release();
            await events.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The system whose events are recorded.</summary>
    public ClusterSystem System { get; }

    /// <summary>A copy of every event recorded so far, in order.</summary>
    public IReadOnlyList<Cluster.Event> Events
    {
        get
        {
            lock (_events) return _events.ToArray();
        }
    }

    /// <summary>The recorded membership changes, in order.</summary>
    public IReadOnlyList<Cluster.MembershipChange> MembershipChanges => Events.OfType<Cluster.MembershipChange>().ToArray();

    /// <summary>The membership obtained by applying every recorded event, starting from the Snapshot.</summary>
    public Cluster.Membership Replay() => Events.Aggregate(Cluster.Membership.Empty, (m, e) => m.Apply(e));

    /// <summary>Waits until a recorded event matches <paramref name="predicate"/> and returns the first such event.</summary>
    public async Task<T> ExpectAsync<T>(Func<T, bool> predicate, TimeSpan within, string? description = null) where T : Cluster.Event
    {
        using var cts = new CancellationTokenSource(within);
        while (true)
        {
            var found = Events.OfType<T>().FirstOrDefault(predicate);
            if (found is not null) return found;
            if (_failure is not null) throw new InvalidOperationException("The event stream failed.", _failure);
            try
            {
                await _changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No {typeof(T).Name} {description ?? "matching the predicate"} on {System} within {within.TotalMilliseconds:0}ms. Recorded:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", Events));
            }
        }
    }

    /// <summary>Waits until <paramref name="node"/> has a membership change to <paramref name="status"/>.</summary>
    public Task<Cluster.MembershipChange> ExpectMembershipChangeAsync(UniqueNode node, Cluster.MemberStatus status, TimeSpan within) =>
        ExpectAsync<Cluster.MembershipChange>(c => c.Node.Equals(node) && c.Status == status, within, $"of {node} to {status}");

    /// <summary>Stops recording.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
