using Akka.DistributedActors.TestKit;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

/// <summary>Subscribes to a discovery in the background and keeps the latest listing, for assertions with a deadline.</summary>
internal sealed class ListingRecorder : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private volatile IReadOnlyList<KubernetesPod>? _latest;
    private volatile Exception? _failure;

    public ListingRecorder(KubernetesServiceDiscovery discovery)
    {
        _reading = Task.Run(async () =>
        {
            try
            {
                var selector = new KubernetesPodSelector(FakeKubernetesApi.Namespace, FakeKubernetesApi.Labels);
                await foreach (var listing in discovery.SubscribeAsync(selector, _stop.Token)) _latest = listing;
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                _failure = e;
            }
        });
    }

    public Task WaitForAsync(Func<IReadOnlyList<KubernetesPod>, bool> condition, TimeSpan within) =>
        ClusteredSystemsTestBase.EventuallyAsync(() =>
        {
            Assert.Null(_failure);
            Assert.True(_latest is { } l && condition(l), $"Latest listing: {(_latest is null ? "none" : string.Join(", ", _latest))}");
        }, within, TimeSpan.FromMilliseconds(20));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }
}
