using System.Collections.Concurrent;
using System.Diagnostics;
using Akka.DistributedActors.Internal;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Observability;

/// <summary>
/// Spans of remote and local calls, and the trace context between nodes. Activity listeners are process-wide, so these tests
/// run alone (<see cref="SoloCollection"/>) and look only at the spans of their own root activity's trace.
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class TracingTests : ClusteredSystemsTestBase
{
    private static readonly ActivitySource TestSource = new("Akka.DistributedActors.Tests.Tracing");
    private static readonly string Service = typeof(IObserved).FullName!;

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _rootListener;
    private ActivityListener? _libraryListener;

    public TracingTests(ITestOutputHelper output) : base(output)
    {
        _rootListener = Listen(TestSource.Name);
        _libraryListener = Listen(DistributedActorsTelemetry.ActivitySourceName);
    }

    [Fact]
    public async Task Call_from_A_to_an_actor_on_B_that_calls_an_actor_on_C_is_one_trace_of_client_and_server_spans()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        var onB = b.Spawn<IObserved>(() => new Observed());
        var onC = c.Spawn<IObserved>(() => new Observed());

        ActivityTraceId trace;
        ActivitySpanId rootSpan;
        using (var root = TestSource.StartActivity("root")!)
        {
            root.TraceStateString = "vendor=1";
            root.AddBaggage("tenant", "t1");
            (trace, rootSpan) = (root.TraceId, root.SpanId);
            Assert.Equal("relayed hi", await a.Resolve<IObserved>(onB.Id).Relay(onC.Id, "hi"));
            Assert.Same(root, Activity.Current);
        }

        var spans = SpansOf(trace);
        Assert.Equal(4, spans.Count);
        var clientA = Single(spans, ActivityKind.Client, "Relay");
        var serverB = Single(spans, ActivityKind.Server, "Relay");
        var clientB = Single(spans, ActivityKind.Client, "Echo");
        var serverC = Single(spans, ActivityKind.Server, "Echo");
        Assert.Equal(rootSpan, clientA.ParentSpanId);
        Assert.Equal(clientA.SpanId, serverB.ParentSpanId);
        Assert.Equal(serverB.SpanId, clientB.ParentSpanId);
        Assert.Equal(clientB.SpanId, serverC.ParentSpanId);
        Assert.All(spans, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));

        AssertCallTags(clientA, "Relay", onB.Id);
        AssertCallTags(clientB, "Echo", onC.Id);
        Assert.Equal(b.Cluster.Node.Host, clientA.GetTagItem("server.address"));
        Assert.Equal(b.Cluster.Node.Port, clientA.GetTagItem("server.port"));
        Assert.Equal(onB.Id.ToString(), serverB.GetTagItem(Telemetry.ActorIdTag));
        Assert.Equal(b.Cluster.Node.ToString(), serverB.GetTagItem(Telemetry.NodeTag));
        Assert.Equal(onC.Id.ToString(), serverC.GetTagItem(Telemetry.ActorIdTag));
        Assert.Equal($"{Service}/Echo", serverC.DisplayName);

        // tracestate and baggage travel with the context, across both hops.
        Assert.Equal("vendor=1", serverC.TraceStateString);
        Assert.Equal("t1", serverC.GetBaggageItem("tenant"));
    }

    [Fact]
    public async Task Remote_exception_and_timeout_end_client_and_server_spans_with_status_Error_and_the_error_kind()
    {
        var (caller, host) = await SetUpPairAsync();
        await JoinNodesAsync(caller, host);
        var remote = caller.Resolve<IObserved>(host.Spawn<IObserved>(() => new Observed()).Id);

        ActivityTraceId trace;
        using (var root = TestSource.StartActivity("root")!)
        {
            trace = root.TraceId;
            await Assert.ThrowsAsync<InvalidOperationException>(() => remote.Fail("boom"));
            using (RemoteCall.WithTimeout(TimeSpan.FromMilliseconds(300)))
            {
                var timedOut = await Assert.ThrowsAsync<RemoteCallException>(() => remote.Hang(CancellationToken.None));
                Assert.Equal(RemoteCallErrorKind.TimedOut, timedOut.Kind);
            }
        }

        var spans = SpansOf(trace);
        var failClient = Single(spans, ActivityKind.Client, "Fail");
        Assert.Equal(ActivityStatusCode.Error, failClient.Status);
        Assert.Equal("Exception", failClient.GetTagItem(Telemetry.ErrorKindTag));
        Assert.Equal("System.InvalidOperationException", failClient.GetTagItem(Telemetry.ErrorTypeTag));
        var failServer = Single(spans, ActivityKind.Server, "Fail");
        Assert.Equal(ActivityStatusCode.Error, failServer.Status);
        Assert.Equal("System.InvalidOperationException", failServer.GetTagItem(Telemetry.ErrorTypeTag));

        var hangClient = Single(spans, ActivityKind.Client, "Hang");
        Assert.Equal(ActivityStatusCode.Error, hangClient.Status);
        Assert.Equal("TimedOut", hangClient.GetTagItem(Telemetry.ErrorKindTag));
        Assert.Equal(typeof(RemoteCallException).FullName, hangClient.GetTagItem(Telemetry.ErrorTypeTag));
        Assert.True(hangClient.Duration >= TimeSpan.FromMilliseconds(250), $"the timed-out span lasted {hangClient.Duration}");
        // The callee's span ends once the caller's cancellation reaches it.
        await EventuallyAsync(() =>
        {
            var hangServer = Single(SpansOf(trace), ActivityKind.Server, "Hang");
            Assert.Equal(ActivityStatusCode.Error, hangServer.Status);
        }, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Local_call_is_one_internal_span_under_the_ambient_activity_and_no_listener_means_no_spans_and_no_context()
    {
        var (caller, host) = await SetUpPairAsync();
        await JoinNodesAsync(caller, host);
        var local = caller.Spawn<IObserved>(() => new Observed());
        var remote = caller.Resolve<IObserved>(host.Spawn<IObserved>(() => new Observed()).Id);

        ActivityTraceId trace;
        ActivitySpanId rootSpan;
        using (var root = TestSource.StartActivity("root")!)
        {
            (trace, rootSpan) = (root.TraceId, root.SpanId);
            Assert.Equal("relayed x", await local.Relay(remote.Id, "x"));
            Assert.Equal(trace.ToHexString(), await remote.AmbientTraceId());
        }
        var spans = SpansOf(trace);
        var internalSpan = Single(spans, ActivityKind.Internal, "Relay");
        Assert.Equal(rootSpan, internalSpan.ParentSpanId);
        AssertCallTags(internalSpan, "Relay", local.Id);
        Assert.Equal(internalSpan.SpanId, Single(spans, ActivityKind.Client, "Echo").ParentSpanId);
        Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Server && s.OperationName.EndsWith("/Relay", StringComparison.Ordinal));

        _libraryListener!.Dispose();
        _libraryListener = null;
        Assert.False(Telemetry.Calls.HasListeners());
        using (var root = TestSource.StartActivity("root")!)
        {
            trace = root.TraceId;
            Assert.Equal("relayed y", await local.Relay(remote.Id, "y"));
            // Nothing listens to the library, so no context crosses the wire and the callee runs under no span.
            Assert.Null(await remote.AmbientTraceId());
            Assert.Same(root, Activity.Current);
        }
        Assert.Empty(SpansOf(trace));
    }

    [Fact]
    public async Task A_turn_that_leaves_its_call_running_does_not_leave_its_server_span_current_for_the_next_message()
    {
        var (caller, host) = await SetUpPairAsync();
        await JoinNodesAsync(caller, host);
        var remote = caller.Resolve<IObserved>(host.Spawn<IObserved>(() => new Observed()).Id);
        // Client spans unsampled: the calls carry no context, so a server span has a parent only if one leaked on the thread.
        _libraryListener!.Dispose();
        _libraryListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DistributedActorsTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> o) =>
                o.Kind == ActivityKind.Client ? ActivitySamplingResult.None : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_libraryListener);

        using var hangs = new CancellationTokenSource();
        var hanging = new List<Task>();
        for (var i = 0; i < 20; i++)
        {
            // Sent back to back, so the host usually runs the Echo right after the Hang's first turn, in the same mailbox run.
            hanging.Add(remote.Hang(hangs.Token));
            Assert.Equal("e", await remote.Echo("e"));
        }
        hangs.Cancel();
        await Task.WhenAll(hanging.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));

        var echoes = _stopped.Where(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem(Telemetry.RpcMethodTag), "Echo")).ToList();
        Assert.Equal(20, echoes.Count);
        Assert.All(echoes, e => Assert.Equal(default, e.ParentSpanId));
    }

    public override async Task DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            _libraryListener?.Dispose();
            _rootListener.Dispose();
        }
    }

    private ActivityListener Listen(string source)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _stopped.Enqueue(a),
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private List<Activity> SpansOf(ActivityTraceId trace) =>
        _stopped.Where(a => a.TraceId == trace && a.Source.Name == DistributedActorsTelemetry.ActivitySourceName).ToList();

    private static Activity Single(List<Activity> spans, ActivityKind kind, string method) =>
        Assert.Single(spans, s => s.Kind == kind && Equals(s.GetTagItem(Telemetry.RpcMethodTag), method));

    private static void AssertCallTags(Activity span, string method, ActorID target)
    {
        Assert.Equal($"{Service}/{method}", span.DisplayName);
        Assert.Equal("akka.distributed_actors", span.GetTagItem(Telemetry.RpcSystemTag));
        Assert.Equal(Service, span.GetTagItem(Telemetry.RpcServiceTag));
        Assert.Equal(method, span.GetTagItem(Telemetry.RpcMethodTag));
        Assert.Equal(target.ToString(), span.GetTagItem(Telemetry.ActorIdTag));
        Assert.Equal(target.Node.Node.ToString(), span.GetTagItem(Telemetry.TargetNodeTag));
    }
}
