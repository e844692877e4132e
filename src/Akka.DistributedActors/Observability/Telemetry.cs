using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The library's activity sources and instruments, and the spans and measurements of the call path. Every entry point is
/// guarded by the caller with <see cref="ActivitySource.HasListeners"/> or <see cref="Instrument.Enabled"/>, so nothing is
/// allocated or measured while nobody listens. Names follow OpenTelemetry's RPC conventions; docs/observability.md lists them.
/// </summary>
internal static class Telemetry
{
    public const string RpcSystem = "akka.distributed_actors";
    public const string RpcSystemTag = "rpc.system";
    public const string RpcServiceTag = "rpc.service";
    public const string RpcMethodTag = "rpc.method";
    public const string ActorIdTag = "akka.distributed_actors.actor.id";
    public const string TargetNodeTag = "akka.distributed_actors.target.node";
    public const string NodeTag = "akka.distributed_actors.node";
    public const string OutcomeTag = "akka.distributed_actors.outcome";
    public const string ErrorKindTag = "akka.distributed_actors.error.kind";
    public const string ErrorTypeTag = "error.type";
    public const string ServerAddressTag = "server.address";
    public const string ServerPortTag = "server.port";
    public const string MemberStatusTag = "akka.distributed_actors.member.status";
    public const string MemberNodeTag = "akka.distributed_actors.member.node";
    public const string EventKindTag = "akka.distributed_actors.event.kind";
    public const string StrategyTag = "akka.distributed_actors.downing.strategy";
    public const string DecisionTag = "akka.distributed_actors.downing.decision";
    public const string KeyTag = "akka.distributed_actors.receptionist.key";

    /// <summary>The outcome of a call that completed with its result.</summary>
    public const string Ok = "Ok";

    /// <summary>The outcome of a call whose method threw (on the callee), as opposed to a <see cref="RemoteCallErrorKind"/>.</summary>
    public const string ExceptionOutcome = "Exception";

    private static readonly string[] ErrorKinds = Enum.GetNames<RemoteCallErrorKind>();

    // Sub-millisecond buckets first: most calls inside one data centre take well under a millisecond.
    private static readonly double[] DurationBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private static readonly string? Version = typeof(Telemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Calls = new(DistributedActorsTelemetry.ActivitySourceName, Version);

    public static readonly ActivitySource Cluster = new(DistributedActorsTelemetry.ClusterActivitySourceName, Version);

    public static readonly Meter Meter = new(DistributedActorsTelemetry.MeterName, Version);

    public static readonly Histogram<double> ClientDuration = Meter.CreateHistogram<double>("rpc.client.call.duration", "s",
        "Duration of distributed-actor calls on the caller, until the result or error is delivered.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Histogram<double> ServerDuration = Meter.CreateHistogram<double>("rpc.server.call.duration", "s",
        "Duration of distributed-actor invocations on the callee, from the start of the method until its task completes.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly UpDownCounter<long> CallsInFlight = Meter.CreateUpDownCounter<long>("akka.distributed_actors.calls.in_flight", "{call}",
        "Calls made by this process that wait for their outcome.");

    public static readonly Counter<long> CallErrors = Meter.CreateCounter<long>("akka.distributed_actors.call.errors", "{error}",
        "Calls that failed, by error kind (a RemoteCallErrorKind, or Exception when the method threw).");

    public static readonly Histogram<long> RequestSize = Meter.CreateHistogram<long>("rpc.client.request.size", "By",
        "Size of the serialized call frame (header, trace context and arguments) sent to a remote actor.");

    public static readonly Histogram<long> ResponseSize = Meter.CreateHistogram<long>("rpc.server.response.size", "By",
        "Size of the serialized reply frame a remote call is answered with.");

    public static readonly Counter<long> ClusterEvents = Meter.CreateCounter<long>("akka.distributed_actors.cluster.events", "{event}",
        "Cluster events this node observed, by kind (member_up, member_down, unreachable, ...).");

    public static readonly Counter<long> DowningDecisions = Meter.CreateCounter<long>("akka.distributed_actors.downing.decisions", "{decision}",
        "Directives the downing strategy gave, by strategy and decision.");

    public static readonly Counter<long> ReceptionistListings = Meter.CreateCounter<long>("akka.distributed_actors.receptionist.listings", "{listing}",
        "Receptionist listings (subscriptions to a key's actors) started on this node, by key.");

    public static readonly ObservableGauge<int> Members = Meter.CreateObservableGauge("akka.distributed_actors.cluster.members",
        ClusterTelemetry.ObserveMembers, "{member}", "Members of the cluster as each node sees them, by status (removed members are not counted).");

    public static readonly ObservableGauge<int> UnreachableMembers = Meter.CreateObservableGauge("akka.distributed_actors.cluster.unreachable_members",
        ClusterTelemetry.ObserveUnreachable, "{member}", "Members each node's failure detector considers unreachable (removed members are not counted).");

    /// <summary>True when a call should be measured: any of the caller's call instruments is enabled.</summary>
    public static bool CallMetricsEnabled => ClientDuration.Enabled || CallsInFlight.Enabled || CallErrors.Enabled || RequestSize.Enabled;

    /// <summary>
    /// Starts measuring a call: a client span (remote) or an internal span (local), and its start time. The span becomes
    /// <see cref="Activity.Current"/>; the caller restores the previous one once the call is sent.
    /// </summary>
    public static void BeginCall(PendingCall call, bool remote)
    {
        var method = call.Method;
        if (CallMetricsEnabled)
        {
            call.StartTimestamp = Stopwatch.GetTimestamp();
            CallsInFlight.Add(1, new KeyValuePair<string, object?>(RpcServiceTag, method.ServiceName),
                new KeyValuePair<string, object?>(RpcMethodTag, method.Name));
        }
        if (!Calls.HasListeners()) return;
        // Tags given at creation are copied into the span without the per-tag lock and search that SetTag costs.
        call.Activity = Calls.StartActivity(remote ? ActivityKind.Client : ActivityKind.Internal, default,
            new SpanTags(method.SpanTags, call.Target.TargetTags), null, default, method.SpanName);
    }

    /// <summary>Ends what <see cref="BeginCall"/> started, with the call's error (null on success).</summary>
    public static void EndCall(PendingCall call, Exception? error)
    {
        if (call.StartTimestamp != 0)
        {
            var method = call.Method;
            var outcome = Outcome(error);
            var tags = new TagList
            {
                { RpcSystemTag, RpcSystem },
                { RpcServiceTag, method.ServiceName },
                { RpcMethodTag, method.Name },
                { OutcomeTag, outcome },
            };
            ClientDuration.Record(Stopwatch.GetElapsedTime(call.StartTimestamp).TotalSeconds, tags);
            CallsInFlight.Add(-1, new KeyValuePair<string, object?>(RpcServiceTag, method.ServiceName),
                new KeyValuePair<string, object?>(RpcMethodTag, method.Name));
            if (error is not null)
            {
                CallErrors.Add(1, new KeyValuePair<string, object?>(RpcServiceTag, method.ServiceName),
                    new KeyValuePair<string, object?>(RpcMethodTag, method.Name), new KeyValuePair<string, object?>(ErrorKindTag, outcome));
            }
        }
        if (call.Activity is not { } activity) return;
        if (error is not null) MarkFailed(activity, error);
        activity.Stop();
    }

    /// <summary>Starts a server span for a remote invocation, child of the caller's span when the call carried its context.</summary>
    public static Activity? BeginServerSpan(DistributedMethod method, in TraceContextCodec.Context context, ActorID self)
    {
        var activity = Calls.CreateActivity(method.SpanName, ActivityKind.Server, context.Parent, new SpanTags(method.SpanTags, self.CalleeTags));
        if (activity is null) return null;
        if (context.TraceState is not null) activity.TraceStateString = context.TraceState;
        if (context.Baggage is { } baggage)
        {
            // Written in the order the caller enumerated (newest first); added oldest first to enumerate the same here.
            for (var i = baggage.Count - 1; i >= 0; i--) activity.AddBaggage(baggage[i].Key, baggage[i].Value);
        }
        return activity.Start();
    }

    /// <summary>Ends an invocation on the callee: its server span (remote calls) and its duration.</summary>
    public static void EndInvocation(DistributedMethod method, Activity? activity, long startTimestamp, Task task)
    {
        var outcome = task.IsCompletedSuccessfully ? Ok : task.IsCanceled ? ErrorKinds[(int)RemoteCallErrorKind.Cancelled] : ExceptionOutcome;
        if (startTimestamp != 0)
        {
            ServerDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds,
                new KeyValuePair<string, object?>(RpcSystemTag, RpcSystem),
                new KeyValuePair<string, object?>(RpcServiceTag, method.ServiceName),
                new KeyValuePair<string, object?>(RpcMethodTag, method.Name),
                new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
        if (activity is null) return;
        if (!task.IsCompletedSuccessfully)
        {
            if (task.IsFaulted) MarkFailed(activity, task.Exception!.InnerException!);
            else activity.SetStatus(ActivityStatusCode.Error, "Cancelled");
        }
        activity.Stop();
    }

    /// <summary>Ends the server span of an invocation that never ran or never answered (the actor stopped).</summary>
    public static void AbandonInvocation(Activity? activity, string detail)
    {
        if (activity is null) return;
        activity.SetTag(ErrorKindTag, ErrorKinds[(int)RemoteCallErrorKind.TargetNotFound]);
        activity.SetStatus(ActivityStatusCode.Error, detail);
        activity.Stop();
    }

    /// <summary>"Ok", the <see cref="RemoteCallErrorKind"/> of a call error, or "Exception" when the method threw.</summary>
    public static string Outcome(Exception? error) => error switch
    {
        null => Ok,
        RemoteCallException e => ErrorKinds[(int)e.Kind],
        _ => ExceptionOutcome,
    };

    public static KeyValuePair<string, object?>[] MethodTags(DistributedMethod method) =>
        [new(RpcSystemTag, RpcSystem), new(RpcServiceTag, method.ServiceName), new(RpcMethodTag, method.Name)];

    public static KeyValuePair<string, object?>[] TargetTags(ActorID target) =>
        [new(ActorIdTag, target.ToString()), new(TargetNodeTag, target.Node.Node.ToString()), new(ServerAddressTag, target.Node.Host), new(ServerPortTag, target.Node.Port)];

    public static KeyValuePair<string, object?>[] CalleeTags(ActorID self) => [new(ActorIdTag, self.ToString()), new(NodeTag, self.Node.Node.ToString())];

    private static void MarkFailed(Activity activity, Exception error)
    {
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        if (!activity.IsAllDataRequested) return;
        activity.SetTag(ErrorKindTag, Outcome(error));
        activity.SetTag(ErrorTypeTag, error is GenericRemoteCallException generic ? generic.ErrorType : error.GetType().FullName);
    }

    /// <summary>
    /// A span's creation tags: its method's, then its actor's, both built once and shared. The first enumeration (span creation
    /// makes one, a sampler may make another) is the object itself, so a span costs one small object for its tags.
    /// </summary>
    private sealed class SpanTags(KeyValuePair<string, object?>[] first, KeyValuePair<string, object?>[] second)
        : IEnumerable<KeyValuePair<string, object?>>, IEnumerator<KeyValuePair<string, object?>>
    {
        private int _index = -1;
        private bool _enumerated;

        public KeyValuePair<string, object?> Current => _index < first.Length ? first[_index] : second[_index - first.Length];

        object System.Collections.IEnumerator.Current => Current;

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            if (!_enumerated)
            {
                _enumerated = true;
                return this;
            }
            return first.Concat(second).GetEnumerator();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public bool MoveNext() => ++_index < first.Length + second.Length;

        public void Reset() => _index = -1;

        public void Dispose()
        {
        }
    }
}
