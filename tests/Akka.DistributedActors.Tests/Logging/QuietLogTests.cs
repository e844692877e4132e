using System.Net;
using System.Net.Sockets;
using System.Text;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors.Tests.Logging;

/// <summary>The built-in formatter on real systems: what Akka.Remote logs for a peer going away and for misconfigured endpoints.</summary>
public sealed class QuietLogTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    private static Task<ClusterSystem> StartAsync(string name, CapturedLog log, string hocon = "") =>
        ClusterSystem.StartAsync(name, s =>
        {
            s.Node.Host = "127.0.0.1";
            s.Node.Port = 0;
            s.Logging.UseBuiltInFormatter = true;
            s.Logging.Output = log.Writer;
            s.AdditionalHocon = hocon;
        });

    [Fact]
    public async Task A_peer_shutting_down_leaves_the_survivors_own_lines_and_no_akka_chatter_error_or_stack_trace()
    {
        var log = new CapturedLog();
        var first = await StartAsync("first", log);
        ClusterSystem? second = null;
        try
        {
            second = await StartAsync("second", new CapturedLog());
            first.Cluster.Join(second.Cluster.UniqueNode);
            await first.Cluster.WaitForAsync([first.Cluster.UniqueNode, second.Cluster.UniqueNode], Akka.DistributedActors.Cluster.MemberStatus.Up, Within);
            var gone = second.Cluster.UniqueNode;

            // The peer shuts down; its connections drop under the survivor, which Akka reports as a failed association.
            await second.ShutdownAsync();
            await first.Cluster.WaitForAsync(gone, Akka.DistributedActors.Cluster.MemberStatus.Removed, Within);
            await Task.Delay(TimeSpan.FromSeconds(1));   // the endpoint writer's failure comes after the removal

            first.Log.Info("The program's own line");

            // The program's Info lines are shown, Akka's (gossip, leader actions, remoting start and stop) are not; nothing is
            // an error and nothing carries a stack trace.
            await EventuallyAsync(() => Assert.Contains(log.Lines(), l => l.EndsWith("[info] [ActorSystem(ClusterSystem)] The program's own line", StringComparison.Ordinal)));
            var lines = log.Lines();
            Assert.False(lines.Any(l => l.Contains("[error]", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal)
                                        || l.Contains("[info] [Cluster (akka://", StringComparison.Ordinal) || l.Contains("[info] [remoting", StringComparison.Ordinal)),
                string.Join(Environment.NewLine, lines));
        }
        finally
        {
            if (second is not null) await second.ShutdownAsync();
            await first.ShutdownAsync();
        }
    }

    [Fact]
    public async Task An_unresolvable_host_and_non_akka_peers_are_each_named_once()
    {
        var log = new CapturedLog();
        // Akka gates a failed address for 5 s before the next attempt; 200 ms lets this test see several attempts.
        var node = await StartAsync("diagnosed", log, "akka.remote.retry-gate-closed-for = 200ms");
        using var http = new HttpLikeServer();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            var inbound = 0;
            while (DateTime.UtcNow < deadline)
            {
                node.ActorSystem.ActorSelection("akka.tcp://ClusterSystem@no-such-host.invalid:7337/user/x").Tell("hello");
                node.ActorSystem.ActorSelection($"akka.tcp://ClusterSystem@127.0.0.1:{http.Port}/user/x").Tell("hello");
                if (inbound++ < 3) await SendHttpRequestAsync(node.Cluster.UniqueNode.Port);
                await Task.Delay(250);
            }

            var lines = log.Lines();
            Assert.Single(lines, l => l.EndsWith(LogFilter.UnresolvableHost("no-such-host.invalid", "7337"), StringComparison.Ordinal));
            Assert.Single(lines, l => l.EndsWith(LogFilter.NotAnAkkaEndpoint($"127.0.0.1:{http.Port}"), StringComparison.Ordinal));
            Assert.Single(lines, l => l.Contains("that does not speak Akka.NET remoting (an HTTP client or health check?) connected to this node's remoting port", StringComparison.Ordinal));
            Assert.True(http.Connections > 1, $"Akka connected {http.Connections} time(s); the test needs repeated attempts");
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal) || l.Contains("TooLongFrameException", StringComparison.Ordinal));
        }
        finally
        {
            await node.ShutdownAsync();
        }
    }

    // What the built-in logger of one system wrote; the logger writes from its own thread.
    private sealed class CapturedLog
    {
        private readonly StringWriter _text = new();

        public CapturedLog() => Writer = TextWriter.Synchronized(_text);

        public TextWriter Writer { get; }

        public string[] Lines()
        {
            lock (Writer) return _text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private static async Task SendHttpRequestAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        await Task.Delay(100);
    }

    private static async Task EventuallyAsync(Action assertion)
    {
        var deadline = DateTime.UtcNow + Within;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Xunit.Sdk.XunitException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    // Answers every connection the way an HTTP server answers an Akka handshake: with a 400 response.
    private sealed class HttpLikeServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _connections;

        public HttpLikeServer()
        {
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public void Dispose() => _listener.Stop();

        private async Task ServeAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                    var stream = client.GetStream();
                    _ = await stream.ReadAsync(new byte[1024]);
                    await stream.WriteAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
            {
                // Stopped.
            }
        }
    }
}
