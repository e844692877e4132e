using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.DistributedActors.Discovery.Kubernetes.Internal;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Akka.DistributedActors.Discovery.Kubernetes;

/// <summary>
/// Lists the pods of a namespace that match a label selector through the Kubernetes API (KubernetesClient). A subscription lists the
/// pods once, then watches them from that list's resourceVersion, so a new or changed pod is seen as soon as the API server reports
/// it; a watch that breaks or times out resumes from the last resourceVersion, and one the server no longer can resume
/// (410 Gone) is replaced by a fresh list. Only Running pods that are not being deleted are listed (and only Ready ones with
/// <see cref="KubernetesDiscoveryOptions.RequireReady"/>). Failures (API unreachable, 401, 403, unreadable objects) end the
/// subscription with a <see cref="KubernetesDiscoveryException"/> that says what to fix; the cluster logs it and subscribes again
/// with backoff. Plug it in with <c>ServiceDiscoverySettings.Kubernetes(...)</c>.
/// </summary>
public sealed class KubernetesServiceDiscovery : IServiceDiscovery<KubernetesPodSelector, KubernetesPod>
{
    private const int MaxQuietWatchFailures = 3;
    private const string ServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>Creates the discovery; nothing is contacted until a lookup or subscription.</summary>
    public KubernetesServiceDiscovery(KubernetesDiscoveryOptions? options = null)
    {
        Options = options ?? new KubernetesDiscoveryOptions();
        if (Options.WatchTimeout < TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(options), Options.WatchTimeout, "KubernetesDiscoveryOptions.WatchTimeout must be at least 1 s.");
    }

    /// <summary>The options this discovery was created with.</summary>
    public KubernetesDiscoveryOptions Options { get; }

    /// <summary>Lists the pods once (no watch).</summary>
    public async Task<IReadOnlyList<KubernetesPod>> LookupAsync(KubernetesPodSelector service, CancellationToken cancellationToken = default)
    {
        var api = Connect(service);
        using var client = new k8s.Kubernetes(api.Config);
        return PodCache.FromList(await ListAsync(client, api, cancellationToken).ConfigureAwait(false)).Listing(Options.RequireReady);
    }

    /// <summary>Yields the listing after the first list and again after every watch event that changes it.</summary>
    public async IAsyncEnumerable<IReadOnlyList<KubernetesPod>> SubscribeAsync(KubernetesPodSelector service,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<IReadOnlyList<KubernetesPod>>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = Task.Run(async () =>
        {
            try
            {
                await RunAsync(service, listing => channel.Writer.TryWrite(listing), stop.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                channel.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            // Only the newest listing waits in the channel: a slow reader skips listings that are already outdated.
            await foreach (var listing in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false)) yield return listing;
        }
        finally
        {
            stop.Cancel();
            await run.ConfigureAwait(false);
        }
    }

    private async Task RunAsync(KubernetesPodSelector service, Action<IReadOnlyList<KubernetesPod>> publish, CancellationToken ct)
    {
        var api = Connect(service);
        using var client = new k8s.Kubernetes(api.Config);
        IReadOnlyList<KubernetesPod>? published = null;
        void Publish(PodCache cache)
        {
            var listing = cache.Listing(Options.RequireReady);
            if (published is not null && listing.SequenceEqual(published)) return;
            published = listing;
            publish(listing);
        }

        while (true)
        {
            var cache = PodCache.FromList(await ListAsync(client, api, ct).ConfigureAwait(false));
            Publish(cache);
            var quietEnds = 0;
            while (true)
            {
                var watch = await WatchAsync(client, api, cache, Publish, ct).ConfigureAwait(false);
                cache = watch.Cache;
                if (watch.Gone) break;
                // A watch that ends at once again and again (a proxy cutting it) must not turn into a busy loop, and one that keeps
                // failing to connect is a failure to report (and a reason to list afresh once the API is back).
                quietEnds = watch.SawEvents ? 0 : quietEnds + 1;
                if (watch.Broken is { } error && quietEnds >= MaxQuietWatchFailures) throw ApiErrors.Describe(error, "watch", api.Namespace, api.Host);
                if (quietEnds > 0) await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 50 << Math.Min(quietEnds, 7))), ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<V1PodList> ListAsync(k8s.Kubernetes client, Api api, CancellationToken ct)
    {
        try
        {
            return await client.CoreV1.ListNamespacedPodAsync(api.Namespace, labelSelector: api.LabelSelector, cancellationToken: ct)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(e, "list", api.Namespace, api.Host);
        }
    }

    private async Task<(PodCache Cache, bool Gone, bool SawEvents, Exception? Broken)> WatchAsync(k8s.Kubernetes client, Api api, PodCache cache,
        Action<PodCache> changed, CancellationToken ct)
    {
        Exception? streamError = null;
        var sawEvents = false;
        try
        {
            var events = client.CoreV1.WatchListNamespacedPodAsync(api.Namespace, allowWatchBookmarks: true,
                labelSelector: api.LabelSelector, resourceVersion: cache.ResourceVersion,
                timeoutSeconds: (int)Options.WatchTimeout.TotalSeconds, onError: e => streamError ??= e, cancellationToken: ct);
            await foreach (var (type, pod) in events.ConfigureAwait(false))
            {
                if (streamError is not null) break;
                sawEvents = true;
                cache = cache.Apply(type, pod);
                changed(cache);
            }
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            return (cache, true, sawEvents, null);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && !ct.IsCancellationRequested)
        {
            // The connection broke (before or after the watch was established): resume from the last resourceVersion.
            return (cache, false, sawEvents, e);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            throw ApiErrors.Describe(e, "watch", api.Namespace, api.Host);
        }
        return streamError switch
        {
            null => (cache, false, sawEvents, null),
            // The resourceVersion is too old for the server's history: only a new list can catch up.
            KubernetesException { Status.Code: 410 } => (cache, true, sawEvents, null),
            KubernetesException k => throw new KubernetesDiscoveryException(
                $"The Kubernetes API at {api.Host} ended the watch of pods in namespace \"{api.Namespace}\" with {k.Status?.Code} " +
                $"{k.Status?.Reason}: {k.Status?.Message}"),
            _ => throw ApiErrors.Describe(streamError, "watch", api.Namespace, api.Host),
        };
    }

    private Api Connect(KubernetesPodSelector service)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (string.IsNullOrWhiteSpace(service.LabelSelector))
            throw new KubernetesDiscoveryException("The label selector of the Kubernetes pod selector is empty; it would list every pod of the namespace.");
        var config = ClientConfiguration();
        var ns = service.Namespace ?? config.Namespace
            ?? (File.Exists(ServiceAccountNamespaceFile) ? File.ReadAllText(ServiceAccountNamespaceFile).Trim() : "default");
        return new Api(config, config.Host ?? "(no host)", ns, service.LabelSelector);
    }

    private KubernetesClientConfiguration ClientConfiguration()
    {
        if (Options.ClientConfiguration is { } given) return given;
        var source = "configuration";
        try
        {
            if (Options.KubeconfigPath is { } path)
            {
                source = $"kubeconfig {path}";
                return KubernetesClientConfiguration.BuildConfigFromConfigFile(path, Options.KubeconfigContext);
            }
            if (KubernetesClientConfiguration.IsInCluster())
            {
                source = "in-cluster service account";
                return KubernetesClientConfiguration.InClusterConfig();
            }
            var fallback = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(File.Exists)
                ?? (File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation) ? KubernetesClientConfiguration.KubeConfigDefaultLocation : null);
            source = $"kubeconfig {fallback}";
            if (fallback is not null) return KubernetesClientConfiguration.BuildConfigFromConfigFile(fallback, Options.KubeconfigContext);
        }
        catch (Exception e)
        {
            throw new KubernetesDiscoveryException($"Cannot load the Kubernetes client configuration from the {source}: {e.Message}");
        }
        throw new KubernetesDiscoveryException("No Kubernetes API configured: not running in a pod (KUBERNETES_SERVICE_HOST, " +
            "KUBERNETES_SERVICE_PORT or the service-account token are missing) and no kubeconfig (KubernetesDiscoveryOptions.KubeconfigPath, " +
            "KUBECONFIG, ~/.kube/config).");
    }

    private sealed record Api(KubernetesClientConfiguration Config, string Host, string Namespace, string LabelSelector);
}
