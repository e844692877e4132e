namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Builds the <see cref="Timeline"/> of an in-process spec: the kit's actions as they happen, the cluster events of every node
/// it follows (one subscription per node), and, when a timeline is taken, each followed node's captured log lines.
/// </summary>
internal sealed class TimelineRecorder : IAsyncDisposable
{
    public const string Kit = "kit";

    private readonly List<(DateTime At, string Node, TimelineEntryKind Kind, string Text)> _entries = [];
    private readonly List<(string Name, ClusterSystem System)> _followed = [];
    private readonly List<Task> _pumps = [];
    private readonly CancellationTokenSource _stop = new();

    public DateTime Started { get; } = DateTime.UtcNow;

    public void Action(string text, string node = Kit) => Add(DateTime.UtcNow, node, TimelineEntryKind.Action, text);

    /// <summary>Records the events of <paramref name="system"/> under <paramref name="name"/> until it terminates.</summary>
    public void Follow(string name, ClusterSystem system)
    {
        lock (_followed) _followed.Add((name, system));
        var pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in system.Cluster.Events.WithCancellation(_stop.Token).ConfigureAwait(false))
                    Add(DateTime.UtcNow, name, TimelineEntryKind.Event, e.ToString() ?? "");
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // A system that shuts down may end its event stream with an error; the timeline says so and goes on.
                Add(DateTime.UtcNow, name, TimelineEntryKind.Event, $"(event stream ended: {e.GetType().Name}: {e.Message})");
            }
        });
        lock (_pumps) _pumps.Add(pump);
    }

    public Timeline Snapshot()
    {
        List<(DateTime At, string Node, TimelineEntryKind Kind, string Text)> all;
        lock (_entries) all = _entries.ToList();
        lock (_followed)
        {
            foreach (var (name, system) in _followed)
            {
                foreach (var (at, line) in CapturingLogger.EntriesOf(system.ActorSystem))
                    all.Add((at, name, TimelineEntryKind.Log, Timeline.ParseLogLine(line, Started)?.Text ?? line));
            }
        }
        return new Timeline(Started, all.OrderBy(e => e.At).Select(e => new TimelineEntry(e.At - Started, e.Node, e.Kind, e.Text)));
    }

    private void Add(DateTime at, string node, TimelineEntryKind kind, string text)
    {
        lock (_entries) _entries.Add((at, node, kind, text));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        Task[] pumps;
        lock (_pumps) pumps = _pumps.ToArray();
        await Task.WhenAll(pumps).ConfigureAwait(false);
        _stop.Dispose();
    }
}
