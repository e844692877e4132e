using Microsoft.AspNetCore.Builder;

namespace Akka.DistributedActors.Management;

/// <summary>
/// A running management HTTP endpoint of one <see cref="ClusterSystem"/>. Dispose to stop it; it also stops when the system
/// shuts down.
/// </summary>
public sealed class ManagementEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Action _onStopped;
    private Task? _stopped;

    internal ManagementEndpoint(WebApplication app, Uri uri, Action onStopped)
    {
        _app = app;
        _onStopped = onStopped;
        Uri = uri;
    }

    /// <summary>The base address other nodes use, e.g. <c>http://127.0.0.1:8558/</c>, with the port actually bound.</summary>
    public Uri Uri { get; }

    /// <summary>The port actually bound (differs from the setting when it was 0).</summary>
    public int Port => Uri.Port;

    /// <summary>Stops the endpoint; idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_app)
        {
            _stopped ??= StopAsync();
        }
        return new ValueTask(_stopped);
    }

    private async Task StopAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _onStopped();
        }
    }

    /// <summary>The endpoint's base address.</summary>
    public override string ToString() => Uri.ToString();
}
