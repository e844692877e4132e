using System.Text.Json;

namespace Akka.DistributedActors.Management.Tests.Dashboard;

/// <summary>One Server-Sent Events message of <c>/dashboard/events</c>; its JSON is parsed when first read.</summary>
internal sealed record SseFrame(string Type, long Id, string Json)
{
    private JsonElement? _data;

    public JsonElement Data => _data ??= JsonDocument.Parse(Json).RootElement.Clone();
}

/// <summary>Reads <c>/dashboard/events</c> as a browser's EventSource would, keeping every frame.</summary>
internal sealed class SseClient : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SseFrame> _frames = [];
    private readonly Task _reading;
    private readonly SemaphoreSlim _arrived = new(0);

    private SseClient(Stream stream) => _reading = ReadAsync(stream);

    public static async Task<SseClient> ConnectAsync(HttpClient http, Uri endpoint)
    {
        var response = await http.GetAsync(new Uri(endpoint, "dashboard/events"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(await response.Content.ReadAsStreamAsync());
    }

    public IReadOnlyList<SseFrame> Frames
    {
        get
        {
            lock (_frames) return _frames.ToArray();
        }
    }

    /// <summary>Waits until the frames satisfy <paramref name="condition"/>; fails with what was received after <paramref name="within"/>.</summary>
    public async Task<IReadOnlyList<SseFrame>> WaitForAsync(Func<IReadOnlyList<SseFrame>, bool> condition, TimeSpan within, string what)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var frames = Frames;
            if (condition(frames)) return frames;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _reading.IsCompleted && _arrived.CurrentCount == 0)
                Assert.Fail($"Expected {what} within {within.TotalSeconds} s; got {frames.Count} frames: " +
                            string.Join(" | ", frames.TakeLast(8).Select(f => $"{f.Type} {f.Id} {f.Json}")));
            await _arrived.WaitAsync(left > TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : left);
        }
    }

    private async Task ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        string? type = null;
        long id = 0;
        string? data = null;
        try
        {
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    if (data is not null)
                    {
                        lock (_frames) _frames.Add(new SseFrame(type ?? "message", id, data));
                        _arrived.Release();
                    }
                    (type, data) = (null, null);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
                else if (line.StartsWith("id: ", StringComparison.Ordinal)) id = long.Parse(line[4..]);
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line[6..];
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _arrived.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _reading;
    }
}
