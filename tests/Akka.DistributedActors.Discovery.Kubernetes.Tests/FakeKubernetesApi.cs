using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>
/// The pod endpoints of a Kubernetes API server on Kestrel (127.0.0.1): <c>GET /api/v1/namespaces/{ns}/pods</c> lists, and with
/// <c>watch=true</c> streams chunked JSON watch events from a resourceVersion, as the API server does, with objects serialized by
/// KubernetesClient's own serializer. Tests change pods, break watches, compact the history (410 Gone), forbid listing (403) and
/// stop and restart the server on the same port.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Namespace = "shop";
    public const string Labels = "app=orders";

    private readonly object _gate = new();
    private readonly Dictionary<string, V1Pod> _pods = new();
    private readonly List<(long Version, WatchEventType Type, V1Pod Pod)> _history = [];
    private readonly List<(Channel<string> Events, HttpContext Context)> _watches = [];
    private readonly List<string> _requests = [];
    private long _version = 100;
    private long _compactedBefore;
    private WebApplication? _app;

    private FakeKubernetesApi() { }

    public int Port { get; private set; }

    public string Host => $"http://127.0.0.1:{Port}";

    /// <summary>When true, every pod request is answered 403 as a Role without the verb would be.</summary>
    public bool Forbidden { get; set; }

    /// <summary>Every pod request so far: "list" or "watch from RV".</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_gate) return _requests.ToList(); }
    }

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var api = new FakeKubernetesApi();
        await api.RestartAsync().ConfigureAwait(false);
        return api;
    }

    public KubernetesDiscoveryOptions Options(bool requireReady = false) => new()
    {
        ClientConfiguration = new KubernetesClientConfiguration { Host = Host },
        RequireReady = requireReady,
    };

    /// <summary>Adds or replaces a Running pod of the selector with pod IP 127.0.0.1 and the named port <c>remoting</c>.</summary>
    public void SetPod(string name, int port, bool ready = true, string portName = KubernetesDiscovery.DefaultRemotingPortName,
        string appVersion = "1")
    {
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = Namespace,
                Uid = Guid.NewGuid().ToString(),
                Labels = new Dictionary<string, string> { ["app"] = "orders", ["version"] = appVersion },
            },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "node",
                        Image = "orders:" + appVersion,
                        Ports = [new V1ContainerPort { Name = portName, ContainerPort = port, Protocol = "TCP" }],
                    },
                ],
            },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "127.0.0.1",
                Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
            },
        };
        lock (_gate) Publish(_pods.ContainsKey(name) ? WatchEventType.Modified : WatchEventType.Added, pod);
    }

    public void DeletePod(string name)
    {
        lock (_gate)
        {
            if (_pods.TryGetValue(name, out var pod)) Publish(WatchEventType.Deleted, pod);
        }
    }

    /// <summary>Cuts every open watch connection mid-stream, as a restarting proxy or API server would.</summary>
    public void BreakWatches()
    {
        lock (_gate)
        {
            foreach (var (_, context) in _watches) context.Abort();
            _watches.Clear();
        }
    }

    /// <summary>
    /// Forgets the history so far, as etcd compaction does: a watch from any resourceVersion handed out before is answered with an
    /// ERROR event carrying 410 Gone (Expired); a new list gives one to watch from. Open watches break.
    /// </summary>
    public void Compact()
    {
        lock (_gate) _compactedBefore = ++_version;
        BreakWatches();
    }

    public async Task StopAsync()
    {
        BreakWatches();
        if (_app is null) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }

    /// <summary>Starts the server, on its former port when it had one.</summary>
    public async Task RestartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o => o.Listen(IPAddress.Loopback, Port));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.MapGet("/api/v1/namespaces/{ns}/pods", Serve);
        await app.StartAsync().ConfigureAwait(false);
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        _app = app;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private void Publish(WatchEventType type, V1Pod pod)
    {
        _version++;
        pod.Metadata.ResourceVersion = _version.ToString();
        if (type == WatchEventType.Deleted) _pods.Remove(pod.Metadata.Name);
        else _pods[pod.Metadata.Name] = pod;
        _history.Add((_version, type, pod));
        var line = EventLine(type, pod);
        foreach (var (events, _) in _watches) events.Writer.TryWrite(line);
    }

    private static string EventLine(WatchEventType type, object value) =>
        $"{{\"type\":\"{type.ToString().ToUpperInvariant()}\",\"object\":{Serialize(value)}}}\n";

    // KubernetesClient reads Status objects but cannot write them; the model's JSON property names give the API server's shape.
    private static string Serialize(object value) => value is V1Status
        ? JsonSerializer.Serialize(value, new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull })
        : KubernetesJson.Serialize(value);

    private async Task Serve(HttpContext context, string ns)
    {
        var query = context.Request.Query;
        var watch = query["watch"] == "true";
        var from = query["resourceVersion"].ToString();
        lock (_gate) _requests.Add(watch ? $"watch from {from}" : "list");
        if (Forbidden)
        {
            var verb = watch ? "watch" : "list";
            await Json(context, 403, new V1Status
            {
                ApiVersion = "v1", Kind = "Status", Status = "Failure", Reason = "Forbidden", Code = 403,
                Message = $"pods is forbidden: User \"system:serviceaccount:{ns}:orders\" cannot {verb} resource \"pods\" in API group \"\" in the namespace \"{ns}\"",
                Details = new V1StatusDetails { Kind = "pods" },
            }).ConfigureAwait(false);
            return;
        }
        if (ns != Namespace || query["labelSelector"] != Labels)
        {
            await Json(context, 200, new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new V1ListMeta { ResourceVersion = _version.ToString() }, Items = [] })
                .ConfigureAwait(false);
            return;
        }
        if (!watch)
        {
            V1PodList list;
            lock (_gate)
            {
                list = new V1PodList
                {
                    ApiVersion = "v1", Kind = "PodList",
                    Metadata = new V1ListMeta { ResourceVersion = _version.ToString() },
                    Items = _pods.Values.ToList(),
                };
            }
            await Json(context, 200, list).ConfigureAwait(false);
            return;
        }
        await WatchAsync(context, long.Parse(from), TimeSpan.FromSeconds(int.Parse(query["timeoutSeconds"].ToString()))).ConfigureAwait(false);
    }

    private async Task WatchAsync(HttpContext context, long from, TimeSpan timeout)
    {
        var events = Channel.CreateUnbounded<string>();
        lock (_gate)
        {
            if (from < _compactedBefore)
            {
                events.Writer.TryWrite(EventLine(WatchEventType.Error, new V1Status
                {
                    ApiVersion = "v1", Kind = "Status", Status = "Failure", Reason = "Expired", Code = 410,
                    Message = $"too old resource version: {from} ({_compactedBefore})",
                }));
                events.Writer.TryComplete();
            }
            else
            {
                foreach (var (version, type, pod) in _history.Where(h => h.Version > from)) events.Writer.TryWrite(EventLine(type, pod));
                _watches.Add((events, context));
            }
        }
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        // The API server answers a watch at once; events follow as they happen.
        await context.Response.StartAsync().ConfigureAwait(false);
        await context.Response.Body.FlushAsync().ConfigureAwait(false);
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        ends.CancelAfter(timeout);
        try
        {
            await foreach (var line in events.Reader.ReadAllAsync(ends.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line, ends.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(ends.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The watch timed out or the client went away.
        }
        finally
        {
            lock (_gate) _watches.RemoveAll(w => w.Events == events);
        }
    }

    private static async Task Json(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Serialize(value)).ConfigureAwait(false);
    }
}
