using System.Diagnostics;
using Akka.DistributedActors.TestKit;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Xunit.Abstractions;

namespace Akka.DistributedActors.OpenTelemetry.Tests;

public interface IPinger : IDistributedActor
{
    Task<string> Ping(string text);
}

public sealed class Pinger : DistributedActor, IPinger
{
    public Task<string> Ping(string text) => Task.FromResult("pong " + text);
}

/// <summary>The registration extensions feed OpenTelemetry's SDK: spans and metrics of a remote call reach an in-memory exporter.</summary>
public sealed class InstrumentationTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task AddDistributedActorsInstrumentation_exports_the_spans_and_metrics_of_a_remote_call()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddDistributedActorsInstrumentation().AddInMemoryExporter(spans).Build()!;
        using var metering = Sdk.CreateMeterProviderBuilder().AddDistributedActorsInstrumentation().AddInMemoryExporter(metrics).Build()!;
        var (caller, host) = await SetUpPairAsync();
        await JoinNodesAsync(caller, host);
        var remote = caller.Resolve<IPinger>(host.Spawn<IPinger>(() => new Pinger()).Id);

        Assert.Equal("pong a", await remote.Ping("a"));

        tracing.ForceFlush();
        metering.ForceFlush();
        var service = typeof(IPinger).FullName;
        var client = Assert.Single(spans, s => s.Kind == ActivityKind.Client && Equals(s.GetTagItem("rpc.service"), service));
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("rpc.service"), service));
        Assert.Equal(client.SpanId, server.ParentSpanId);
        Assert.Equal(client.TraceId, server.TraceId);
        Assert.Contains(spans, s => s.Source.Name == DistributedActorsTelemetry.ClusterActivitySourceName && s.OperationName == "cluster.member_up");

        var duration = Assert.Single(metrics, m => m.Name == "rpc.client.call.duration");
        Assert.Equal("s", duration.Unit);
        long count = 0;
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags) tags[tag.Key] = tag.Value;
            if (Equals(tags["rpc.service"], service) && Equals(tags["rpc.method"], "Ping") && Equals(tags["akka.distributed_actors.outcome"], "Ok"))
                count += point.GetHistogramCount();
        }
        Assert.Equal(1, count);
        Assert.Contains(metrics, m => m.Name == "akka.distributed_actors.cluster.members");
    }
}
