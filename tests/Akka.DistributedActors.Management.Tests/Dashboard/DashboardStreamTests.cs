using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Management.Tests.Dashboard;

public sealed class DashboardStreamTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const string Token = "test-token-0123456789abcdef";
    private static readonly HttpClient Http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 200 }) { Timeout = Timeout.InfiniteTimeSpan };

    [Fact]
    public async Task The_stream_gives_the_snapshot_then_each_change_once_in_the_order_of_the_cluster_events()
    {
        var nodes = await SetUpNodesAsync(["a", "b", "c"]);
        var a = nodes[0];
        await using var management = await ClusterManagement.StartAsync(a, new ManagementSettings { Port = 0 });
        var probe = EventProbe(a);
        await using var early = await SseClient.ConnectAsync(Http, management.Uri);
        var snapshot = (await early.WaitForAsync(f => f.Count >= 1, DefaultWithin, "a snapshot"))[0];
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal(a.Cluster.UniqueNode.ToString(), snapshot.Data.GetProperty("self").GetString());

        a.Cluster.Join(a.Cluster.Node);
        await a.Cluster.JoinedAsync(DefaultWithin);
        await JoinNodesAsync(nodes[1], a);
        // A page that connects midway gets the state so far and then only what follows it.
        await using var late = await SseClient.ConnectAsync(Http, management.Uri);
        await JoinNodesAsync(nodes[2], a);
        await EnsureAllUpAsync(nodes);
        await EventuallyAsync(() => Assert.NotNull(probe.Replay().Leader), DefaultWithin);

        var seen = probe.Events;
        var expected = seen.Skip(1).Select(Describe).ToList();
        var frames = await early.WaitForAsync(f => f.Count > expected.Count, DefaultWithin, $"{expected.Count} changes");
        var changes = frames.Skip(1).Take(expected.Count).ToList();
        Assert.All(changes, f => Assert.Equal("change", f.Type));
        Assert.Equal(expected, changes.Select(f => Describe(f.Data)));
        Assert.Equal(Enumerable.Range(1, changes.Count).Select(i => snapshot.Id + i), changes.Select(f => f.Id));
        var state = Rows(seen.Aggregate(Cluster.Membership.Empty, (m, e) => m.Apply(e)));
        Assert.Equal(state, Replay(frames.Take(expected.Count + 1).ToList()));

        var lateFrames = (await late.WaitForAsync(f => f.Any(x => x.Id == changes[^1].Id), DefaultWithin, "the last change"))
            .TakeWhile(f => f.Id <= changes[^1].Id).ToList();
        Assert.Equal("snapshot", lateFrames[0].Type);
        Assert.Equal(Enumerable.Range(1, lateFrames.Count - 1).Select(i => lateFrames[0].Id + i), lateFrames.Skip(1).Select(f => f.Id));
        Assert.Equal(state, Replay(lateFrames));
        // The late page's snapshot carries the timeline so far, and its changes continue it.
        Assert.Equal(changes.Select(f => Describe(f.Data)),
            lateFrames[0].Data.GetProperty("timeline").EnumerateArray().Select(Describe).Concat(lateFrames.Skip(1).Select(f => Describe(f.Data))));
    }

    [Fact]
    public async Task A_hundred_pages_one_of_which_never_reads_do_not_delay_the_others_and_the_stalled_one_is_dropped()
    {
        var node = await SetUpNodeAsync("flood");
        // Large frames (about 2.5 kB) fill the stalled page's socket and queue within a few hundred events.
        var roles = Enumerable.Range(0, 20).Select(i => $"role-{i}-{new string('x', 100)}");
        var other = new Cluster.Member(new UniqueNode(new Node("flood", "10.0.0.9", 2552), 7), Cluster.MemberStatus.Up,
            Cluster.MemberReachability.Reachable, 1, roles);
        var events = Channel.CreateUnbounded<Cluster.Event>();
        var settings = new ManagementSettings { Port = 0 };
        settings.Dashboard.ClientBufferSize = 128;
        await using var management = await ClusterManagement.StartAsync(node, settings,
            SyntheticEvents(new Cluster.Membership([other]), events.Reader), CancellationToken.None);

        using var stalled = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await stalled.ConnectAsync(IPAddress.Loopback, management.Port);
        await stalled.SendAsync(Encoding.ASCII.GetBytes($"GET /dashboard/events HTTP/1.1\r\nHost: 127.0.0.1:{management.Port}\r\n\r\n"));
        var readers = new List<SseClient>();
        try
        {
            for (var i = 0; i < 99; i++) readers.Add(await SseClient.ConnectAsync(Http, management.Uri));
            foreach (var reader in readers) await reader.WaitForAsync(f => f.Count == 1, DefaultWithin, "the snapshot");
            // Its snapshot waiting unread in its socket shows the stalled page is subscribed as well.
            await EventuallyAsync(() => Assert.True(stalled.Available > 0), DefaultWithin);

            // Batches well under the buffer, each one awaited on every reading page: a page that reads can never be dropped for
            // falling behind however slow the machine is, while the stalled page's queue overflows after a few batches. Were
            // the stalled page to hold the feed up, the reading pages would miss a batch's deadline.
            const int count = 600, batch = 50;
            var clock = Stopwatch.StartNew();
            for (var sent = 0; sent < count; sent += batch)
            {
                for (var i = sent; i < sent + batch; i++)
                    events.Writer.TryWrite(new Cluster.ReachabilityChange(i % 2 == 0 ? other.AsUnreachable : other.AsReachable));
                foreach (var reader in readers)
                    await reader.WaitForAsync(f => f.Count > sent + batch, TimeSpan.FromSeconds(20), $"{sent + batch} changes");
            }
            foreach (var reader in readers)
                Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), reader.Frames.Skip(1).Select(f => f.Id));
            var published = clock.Elapsed;
            Output?.WriteLine($"Published {count} changes in {published.TotalMilliseconds:0} ms; all 99 reading pages had them after " +
                              $"{clock.ElapsedMilliseconds} ms.");

            // Dropped: the connection ends although the page read nothing, and not everything reached it.
            var received = await DrainAsync(stalled, DefaultWithin);
            Assert.DoesNotContain($"id: {count}\n", received);
        }
        finally
        {
            foreach (var reader in readers) await reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task Leave_and_Down_are_refused_without_the_token_or_when_disabled_and_work_with_it_when_enabled()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        var (a, b, c) = (nodes[0], nodes[1], nodes[2]);
        await using var readOnly = await ClusterManagement.StartAsync(a, new ManagementSettings { Port = 0, BearerToken = Token });
        var settings = new ManagementSettings { Port = 0, BearerToken = Token };
        settings.Dashboard.ActionsEnabled = true;
        await using var enabled = await ClusterManagement.StartAsync(b, settings);

        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(readOnly, "down", Token, c.Cluster.UniqueNode.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ActAsync(enabled, "down", null, c.Cluster.UniqueNode.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ActAsync(enabled, "leave", Token + "x", c.Cluster.UniqueNode.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ActAsync(enabled, "down", Token[..^1], c.Cluster.UniqueNode.ToString())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(enabled, "down", Token, body: "{\"node\":")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(enabled, "down", Token, "akka.tcp://c:1@127.0.0.1:1")).StatusCode);
        // No action on a GET.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await Http.GetAsync(new Uri(enabled.Uri, "dashboard/actions/down"))).StatusCode);
        await AssertHoldsAsync(() => Assert.All(b.Cluster.MembershipSnapshot, m => Assert.Equal(Cluster.MemberStatus.Up, m.Status)),
            TimeSpan.FromMilliseconds(500));

        var left = await ActAsync(enabled, "leave", Token, c.Cluster.UniqueNode.ToString(), @operator: "alice\n[forged line]");
        Assert.Equal(HttpStatusCode.Accepted, left.StatusCode);
        await AssertMemberStatusAsync(b, c.Cluster.UniqueNode, Cluster.MemberStatus.Removed);
        var downed = await ActAsync(enabled, "down", Token, a.Cluster.UniqueNode.ToString(), @operator: "bob");
        Assert.Equal(HttpStatusCode.Accepted, downed.StatusCode);
        await AssertMemberStatusAsync(b, a.Cluster.UniqueNode, Cluster.MemberStatus.Removed);

        var log = CapturingLogger.LinesOf(b.ActorSystem);
        Assert.Contains(log, l => l.Contains($"Leave of {c.Cluster.UniqueNode} by operator \"alice[forged line]\" from 127.0.0.1:"));
        Assert.Contains(log, l => l.Contains($"Down of {a.Cluster.UniqueNode} by operator \"bob\" from 127.0.0.1:"));
        Assert.Contains(log, l => l.Contains("refused Down") && l.Contains("missing or wrong bearer token"));
        Assert.DoesNotContain(log, l => l.Contains(Token));
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_from_the_assembly_and_unknown_paths_are_404()
    {
        var node = await SetUpNodeAsync("page");
        await using var management = await ClusterManagement.StartAsync(node, new ManagementSettings { Port = 0 });

        var page = await Http.GetAsync(new Uri(management.Uri, "dashboard"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("src=\"dashboard/dashboard.js\"", html);
        Assert.DoesNotContain("http", html.Replace("http-equiv", ""));
        Assert.Contains("EventSource(\"dashboard/events\")", await Http.GetStringAsync(new Uri(management.Uri, "dashboard/dashboard.js")));
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(management.Uri, "dashboard/dashboard.css"))).StatusCode);
        // With a trailing slash the page's relative links would miss; it is redirected to the canonical path.
        var slash = await Http.GetAsync(new Uri(management.Uri, "dashboard/"));
        Assert.Equal(HttpStatusCode.OK, slash.StatusCode);
        Assert.Equal("/dashboard", slash.RequestMessage!.RequestUri!.AbsolutePath);
        foreach (var path in new[] { "dashboard/nope", "dashboard/events/x", "dashboard/dashboard.html", "dashboard.js", "dashboard/Assets/dashboard.js" })
            Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync(new Uri(management.Uri, path))).StatusCode);
    }

    [Fact]
    public void Actions_need_a_token_and_a_short_token_is_rejected_without_showing_it()
    {
        var settings = new ManagementSettings();
        settings.Dashboard.ActionsEnabled = true;
        var missing = Assert.Throws<ClusterSystemSettingsException>(() => settings.Validate("127.0.0.1"));
        Assert.Equal("Management.BearerToken", missing.SettingName);

        settings.BearerToken = "short-secret";
        var shortToken = Assert.Throws<ClusterSystemSettingsException>(() => settings.Validate("127.0.0.1"));
        Assert.Equal("Management.BearerToken", shortToken.SettingName);
        Assert.DoesNotContain("short-secret", shortToken.Message);

        settings.Dashboard.ClientBufferSize = 0;
        settings.BearerToken = Token;
        Assert.Equal("Management.Dashboard.ClientBufferSize", Assert.Throws<ClusterSystemSettingsException>(() => settings.Validate("127.0.0.1")).SettingName);
    }

    private static async Task<HttpResponseMessage> ActAsync(ManagementEndpoint endpoint, string action, string? token, string? node = null,
        string? @operator = "tester", string? body = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.Uri, $"dashboard/actions/{action}"))
        {
            Content = new StringContent(body ?? JsonSerializer.Serialize(new { node, @operator }), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    private static async IAsyncEnumerable<Cluster.Event> SyntheticEvents(Cluster.Membership initial, ChannelReader<Cluster.Event> changes)
    {
        yield return new Cluster.Snapshot(initial);
        await foreach (var e in changes.ReadAllAsync()) yield return e;
    }

    // Everything the socket receives until the server closes it.
    private static async Task<string> DrainAsync(Socket socket, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        var received = new MemoryStream();
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0) received.Write(buffer, 0, n);
        }
        catch (SocketException)
        {
            // Reset by the server: dropped.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The stalled page was still connected after {within.TotalSeconds} s ({received.Length} bytes read).");
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    private static string Describe(Cluster.Event e) => e switch
    {
        Cluster.MembershipChange c => $"MembershipChange {c.Node} {c.Status}",
        Cluster.ReachabilityChange r => $"ReachabilityChange {r.Member.Node} {r.Reachability}",
        Cluster.LeadershipChange l => $"LeadershipChange {l.NewLeader?.Node.ToString() ?? "none"} {l.NewLeader?.Node.ToString() ?? "none"}",
        _ => e.ToString()!,
    };

    private static string Describe(JsonElement change) =>
        $"{change.GetProperty("kind").GetString()} {change.GetProperty("node").GetString() ?? "none"} {change.GetProperty("to").GetString() ?? "none"}";

    private static List<string> Rows(Cluster.Membership membership) =>
        membership.Select(m => $"{m.Node} {m.Status} {m.Reachability} {m.UpNumber} leader={membership.IsLeader(m)}").Order().ToList();

    // What a page shows after applying the frames as dashboard.js does.
    private static List<string> Replay(IReadOnlyList<SseFrame> frames)
    {
        var members = new Dictionary<string, JsonElement>();
        string? leader = null;
        foreach (var frame in frames)
        {
            if (frame.Type == "snapshot")
            {
                members = frame.Data.GetProperty("members").EnumerateArray().ToDictionary(m => m.GetProperty("node").GetString()!);
                leader = frame.Data.GetProperty("leader").GetString();
                continue;
            }
            var data = frame.Data;
            var member = data.GetProperty("member");
            if (data.GetProperty("kind").GetString() == "MembershipChange" && member.ValueKind == JsonValueKind.Null)
                members.Remove(data.GetProperty("node").GetString()!);
            else if (member.ValueKind != JsonValueKind.Null) members[member.GetProperty("node").GetString()!] = member;
            if (data.GetProperty("kind").GetString() == "LeadershipChange") leader = data.GetProperty("to").GetString();
        }
        return members.Values.Select(m =>
        {
            var up = m.GetProperty("upNumber");
            var node = m.GetProperty("node").GetString();
            return $"{node} {m.GetProperty("status").GetString()} {m.GetProperty("reachability").GetString()} " +
                   $"{(up.ValueKind == JsonValueKind.Null ? "" : up.GetInt32().ToString())} leader={node == leader}";
        }).Order().ToList();
    }
}
