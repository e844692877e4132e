using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Akka.DistributedActors.TestKit;

/// <summary>Newline-delimited JSON over one TCP connection; writes are serialized, reads belong to one reader loop.</summary>
internal sealed class ControlChannel : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TcpClient _client;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public ControlChannel(TcpClient client)
    {
        _client = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        _reader = new StreamReader(stream, new UTF8Encoding(false));
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
    }

    /// <summary>The next message, or null when the other side closed the connection.</summary>
    public async Task<ControlMessage?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var line = await _reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        return line is null ? null : JsonSerializer.Deserialize<ControlMessage>(line, Json);
    }

    public async Task SendAsync(ControlMessage message)
    {
        var line = JsonSerializer.Serialize(message, Json);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(line).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _writeLock.Dispose();
    }
}
