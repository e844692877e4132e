// HostedService: an ASP.NET Core app whose cluster node runs on Akka.Hosting, with typed distributed actors added by
// WithDistributedActors. Every node checks a greeter in at the receptionist; GET /greet/{name} asks one of the greeters of
// the whole cluster. The management routes (/cluster/members, /health/alive, /health/ready, /bootstrap/seed-nodes) are
// mapped into this app. SIGTERM or Ctrl+C leaves the cluster gracefully before the process exits. Traces and metrics go
// through the host's OpenTelemetry (docs/observability.md): --otlp URL exports them to a collector, --console-telemetry prints
// them; a request's span is then the parent of the distributed-actor call it makes.
//   dotnet run --project samples/HostedService -- --urls http://127.0.0.1:5000 --port 7337
//   dotnet run --project samples/HostedService -- --urls http://127.0.0.1:5001 --port 7338 --join 127.0.0.1:7337
//   dotnet run --project samples/HostedService -- --urls http://127.0.0.1:5000 --port 7337 --otlp http://localhost:4317
using Akka.Cluster.Hosting;
using Akka.DistributedActors;
using Akka.DistributedActors.Hosting;
using Akka.DistributedActors.Management;
using Akka.Hosting;
using Akka.Remote.Hosting;
using HostedService;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

// A flag without a value, which ASP.NET Core's command-line provider cannot read; taken out before the host sees the rest.
var consoleTelemetry = args.Contains("--console-telemetry");
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--console-telemetry").ToArray());
// --port and --join arrive as configuration keys through ASP.NET Core's command-line provider, as --urls does.
var port = builder.Configuration.GetValue("port", 0);
var join = builder.Configuration["join"];
var otlp = builder.Configuration["otlp"];
var joinPort = 0;
var separator = join?.LastIndexOf(':') ?? -1;
Uri? otlpEndpoint = null;
if (port is < 0 or > 65535 || join is not null && (separator < 1 || !int.TryParse(join[(separator + 1)..], out joinPort)) ||
    otlp is not null && !Uri.TryCreate(otlp, UriKind.Absolute, out otlpEndpoint))
{
    Console.Error.WriteLine("usage: HostedService --urls http://HOST:HTTP_PORT --port AKKA_PORT [--join HOST:PORT] [--otlp URL] [--console-telemetry]");
    return 2;
}

builder.Services.AddAkka("HostedService", akka => akka
    .WithRemoting("127.0.0.1", port)
    .WithClustering()
    .WithDistributedActors(settings =>
    {
        // A web app is ready on its own: the first node becomes Up without waiting for a second.
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(1);
        settings.Receptionist.GossipInterval = TimeSpan.FromMilliseconds(500);
    }));
builder.Services.AddClusterSystem();
builder.Services.AddHealthChecks().AddClusterSystemChecks();
if (otlpEndpoint is not null || consoleTelemetry)
{
    builder.Services.AddOpenTelemetry()
        .ConfigureResource(r => r.AddService("HostedService", serviceInstanceId: $"127.0.0.1:{port}"))
        .WithTracing(tracing =>
        {
            tracing.AddAspNetCoreInstrumentation().AddDistributedActorsInstrumentation();
            if (otlpEndpoint is not null) tracing.AddOtlpExporter(o => o.Endpoint = otlpEndpoint);
            if (consoleTelemetry) tracing.AddConsoleExporter();
        })
        .WithMetrics(metrics =>
        {
            metrics.AddDistributedActorsInstrumentation();
            if (otlpEndpoint is not null) metrics.AddOtlpExporter(o => o.Endpoint = otlpEndpoint);
            if (consoleTelemetry) metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 10_000);
        });
}

var app = builder.Build();
app.MapClusterManagement();
app.MapHealthChecks("/healthz");
app.MapGet("/greet/{name}", async (string name, ClusterSystem system) =>
{
    var greeters = system.Receptionist.Lookup(IGreeter.Key);
    if (greeters.Count == 0) return Results.Text("No greeter checked in yet.", statusCode: StatusCodes.Status503ServiceUnavailable);
    return Results.Text(await greeters[Random.Shared.Next(greeters.Count)].Hi(name));
});

await app.StartAsync();
var system = app.Services.GetRequiredService<ClusterSystem>();
await system.Receptionist.CheckInAsync(system.Spawn<IGreeter>(() => new Greeter(), "greeter"), IGreeter.Key);
if (join is null) system.Cluster.Join(system.Cluster.Node);
else system.Cluster.Join(join[..separator], joinPort);
app.Logger.LogInformation("Node {Node} serving {Urls}", system.Cluster.UniqueNode, string.Join(", ", app.Urls));
await app.WaitForShutdownAsync();
return 0;
