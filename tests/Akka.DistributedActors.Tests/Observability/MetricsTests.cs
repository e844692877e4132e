using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Observability;

/// <summary>
/// The library's instruments, read with a <see cref="MeterListener"/>. Listeners are process-wide and enabling an instrument
/// changes what every call records, so these tests run alone (<see cref="SoloCollection"/>) and look only at measurements
/// tagged with their own interface or their own nodes.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class MetricsTests : ClusteredSystemsTestBase
{
    private static readonly string Service = typeof(IObserved).FullName!;

    private readonly ConcurrentQueue<Recorded> _recorded = new();
    private readonly MeterListener _listener = new();

    public MetricsTests(ITestOutputHelper output) : base(output)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DistributedActorsTelemetry.MeterName) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => _recorded.Enqueue(new Recorded(i.Name, v, ToDictionary(tags))));
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => _recorded.Enqueue(new Recorded(i.Name, v, ToDictionary(tags))));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => _recorded.Enqueue(new Recorded(i.Name, v, ToDictionary(tags))));
        _listener.Start();
    }

    [Fact]
    public async Task Call_counts_durations_and_errors_per_method_and_outcome_are_exact_for_a_known_sequence()
    {
        var (caller, host) = await SetUpPairAsync();
        await JoinNodesAsync(caller, host);
        var remote = caller.Resolve<IObserved>(host.Spawn<IObserved>(() => new Observed()).Id);

        for (var i = 0; i < 3; i++) Assert.Equal("e", await remote.Echo("e"));
        for (var i = 0; i < 2; i++) await Assert.ThrowsAsync<InvalidOperationException>(() => remote.Fail("f"));
        using (RemoteCall.WithTimeout(TimeSpan.FromMilliseconds(300)))
            Assert.Equal(RemoteCallErrorKind.TimedOut, (await Assert.ThrowsAsync<RemoteCallException>(() => remote.Hang(CancellationToken.None))).Kind);

        var key = new DistributedReception.Key<IObserved>("observed-" + Guid.NewGuid().ToString("N"));
        using (var cts = new CancellationTokenSource())
        {
            await using var listing = caller.Receptionist.Listing(key, cts.Token).GetAsyncEnumerator(cts.Token);
            var next = listing.MoveNextAsync();
            Assert.Equal(1, _recorded.Where(r => r.Instrument == "akka.distributed_actors.receptionist.listings" &&
                Equals(r.Tags[Telemetry.KeyTag], key.Id)).Sum(r => r.Value));
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
        }

        var client = Ours("rpc.client.call.duration");
        Assert.Equal(6, client.Count);
        Assert.Equal(3, client.Count(r => Is(r, "Echo", "Ok")));
        Assert.Equal(2, client.Count(r => Is(r, "Fail", "Exception")));
        var hang = Assert.Single(client, r => Is(r, "Hang", "TimedOut"));
        Assert.InRange(hang.Value, 0.25, 10);
        Assert.All(client, r => Assert.InRange(r.Value, 1e-7, 10));
        Assert.All(client, r => Assert.Equal("akka.distributed_actors", r.Tags["rpc.system"]));

        var errors = Ours("akka.distributed_actors.call.errors");
        Assert.Equal(2, errors.Where(r => Equals(r.Tags[Telemetry.ErrorKindTag], "Exception") && Equals(r.Tags["rpc.method"], "Fail")).Sum(r => r.Value));
        Assert.Equal(1, errors.Where(r => Equals(r.Tags[Telemetry.ErrorKindTag], "TimedOut") && Equals(r.Tags["rpc.method"], "Hang")).Sum(r => r.Value));
        Assert.Equal(3, errors.Sum(r => r.Value));

        var inFlight = Ours("akka.distributed_actors.calls.in_flight");
        Assert.Equal(6, inFlight.Count(r => r.Value > 0));
        Assert.Equal(0, inFlight.Sum(r => r.Value));

        var sizes = Ours("rpc.client.request.size");
        Assert.Equal(6, sizes.Count);
        Assert.All(sizes, r => Assert.InRange(r.Value, RemoteInvocation.MinimumSize, 1000));

        // The callee measures each invocation; the hanging one ends when the caller's cancellation reaches it.
        await EventuallyAsync(() =>
        {
            var server = Ours("rpc.server.call.duration");
            Assert.Equal(3, server.Count(r => Is(r, "Echo", "Ok")));
            Assert.Equal(2, server.Count(r => Is(r, "Fail", "Exception")));
            Assert.Equal(1, server.Count(r => Is(r, "Hang", "Cancelled")));
            Assert.Equal(6, server.Count);
            Assert.Equal(6, Ours("rpc.server.response.size").Count);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Member_gauges_event_counter_and_downing_decisions_follow_a_join_an_unreachable_member_and_its_removal()
    {
        // Long enough that the unreachable member is seen as such before the strategy downs it.
        var (first, second) = await SetUpPairAsync(s => s.Downing = DowningStrategySettings.Timeout(
            new TimeoutBasedDowningStrategySettings { DownUnreachableMembersAfter = TimeSpan.FromSeconds(2) }));
        var node = first.Cluster.Node.ToString();
        await JoinNodesAsync(second, first);

        await EventuallyAsync(() =>
        {
            Assert.Equal(2, Gauge("akka.distributed_actors.cluster.members", node, "up"));
            Assert.Equal(0, Gauge("akka.distributed_actors.cluster.members", node, "joining"));
            Assert.Equal(0, Gauge("akka.distributed_actors.cluster.unreachable_members", node));
            Assert.Equal(2, Events(node, "member_up"));
        }, TimeSpan.FromSeconds(10));

        await BlackholeAsync(first, second);
        await EventuallyAsync(() =>
        {
            Assert.Equal(1, Gauge("akka.distributed_actors.cluster.unreachable_members", node));
            Assert.Equal(1, Events(node, "unreachable"));
        }, TimeSpan.FromSeconds(15));

        await EventuallyAsync(() =>
        {
            Assert.Equal(1, Gauge("akka.distributed_actors.cluster.members", node, "up"));
            Assert.Equal(0, Gauge("akka.distributed_actors.cluster.members", node, "down"));
            Assert.Equal(0, Gauge("akka.distributed_actors.cluster.unreachable_members", node));
            Assert.Equal(1, Events(node, "member_down"));
            Assert.Equal(1, Events(node, "member_removed"));
        }, TimeSpan.FromSeconds(15));
        var decisions = _recorded.Where(r => r.Instrument == "akka.distributed_actors.downing.decisions" &&
            Equals(r.Tags[Telemetry.StrategyTag], nameof(TimeoutBasedDowningStrategy))).ToList();
        Assert.Contains(decisions, r => Equals(r.Tags[Telemetry.DecisionTag], "start_timer"));
        Assert.Contains(decisions, r => Equals(r.Tags[Telemetry.DecisionTag], "mark_as_down"));
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _listener.Dispose();
        }
    }

    private List<Recorded> Ours(string instrument) =>
        _recorded.Where(r => r.Instrument == instrument && Equals(r.Tags.GetValueOrDefault("rpc.service"), Service)).ToList();

    private static bool Is(Recorded r, string method, string outcome) =>
        Equals(r.Tags["rpc.method"], method) && Equals(r.Tags[Telemetry.OutcomeTag], outcome);

    /// <summary>The gauge's current value for <paramref name="node"/> (and <paramref name="status"/>), read now.</summary>
    private double Gauge(string instrument, string node, string? status = null)
    {
        var before = _recorded.Count;
        _listener.RecordObservableInstruments();
        return Assert.Single(_recorded.Skip(before), r => r.Instrument == instrument && Equals(r.Tags[Telemetry.NodeTag], node) &&
            (status is null || Equals(r.Tags[Telemetry.MemberStatusTag], status))).Value;
    }

    private double Events(string node, string kind) =>
        _recorded.Where(r => r.Instrument == "akka.distributed_actors.cluster.events" && Equals(r.Tags[Telemetry.NodeTag], node) &&
            Equals(r.Tags[Telemetry.EventKindTag], kind)).Sum(r => r.Value);

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(tags.Length);
        foreach (var (key, value) in tags) result[key] = value;
        return result;
    }

    private sealed record Recorded(string Instrument, double Value, Dictionary<string, object?> Tags);
}
