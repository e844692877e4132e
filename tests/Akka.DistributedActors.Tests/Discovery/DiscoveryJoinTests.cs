using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Discovery;

[LongRunning(50)]
public sealed partial class DiscoveryJoinTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const string Loopback = "127.0.0.1";

    [Fact]
    public async Task Three_nodes_with_one_static_list_form_one_cluster_without_join()
    {
        var ports = FreePorts.Take(3);
        var seeds = ports.Select(p => new Node(Loopback, p)).ToArray();

        var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"static{i}", s =>
        {
            s.Node.Port = port;
            s.Discovery = ServiceDiscoverySettings.Static(seeds);
        })));

        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
    }

    [Fact]
    public async Task Five_nodes_started_together_with_one_static_list_form_exactly_one_cluster_every_time()
    {
        for (var round = 0; round < 10; round++)
        {
            var ports = FreePorts.Take(5);
            var seeds = ports.Select(p => new Node(Loopback, p)).ToArray();
            var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"r{round}n{i}", s =>
            {
                s.Node.Port = port;
                s.Discovery = ServiceDiscoverySettings.Seed(seeds);
            })));

            // Akka clusters never merge: if two had formed, some node would never see all five Up and this wait would fail.
            await EnsureAllUpAsync(nodes);
            AssertFoundedByLowest(nodes);
            Assert.All(nodes, n => Assert.Equal(5, n.Cluster.MembershipSnapshot.Count));
            await Task.WhenAll(nodes.Select(CrashAsync));
        }
    }

    [Fact]
    public async Task Custom_discovery_with_a_changing_listing_joins_added_nodes_and_ignores_removed_entries()
    {
        var discovery = new CountingDiscovery<Node>(new InMemoryServiceDiscovery<string, Node>());
        void Configure(ClusterSystemSettings s)
        {
            s.Discovery = ServiceDiscoverySettings.From(discovery, "greeters");
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(300);
        }
        var a = await SetUpNodeAsync("a", Configure);
        var b = await SetUpNodeAsync("b", Configure);

        discovery.Inner.Register("greeters", [a.Cluster.Node, b.Cluster.Node]);
        await EnsureAllUpAsync([a, b]);

        // c starts after the cluster formed and is listed only once it runs, as a scaled-out instance would be.
        var c = await SetUpNodeAsync("c", Configure);
        discovery.Inner.Register("greeters", [a.Cluster.Node, b.Cluster.Node, c.Cluster.Node]);
        await EnsureAllUpAsync([a, b, c]);

        // A member ignores listings: every node has closed its subscription once it was Up.
        await EventuallyAsync(() => Assert.Equal(0, discovery.OpenSubscriptions), DefaultWithin);
        Assert.True(discovery.Subscriptions >= 3);

        // c, which joined last, now is the only one listed: nobody leaves or rejoins.
        discovery.Inner.Register("greeters", [c.Cluster.Node]);
        await AssertHoldsAsync(() =>
        {
            foreach (var observer in new[] { a, b, c })
                Assert.Equal(3, observer.Cluster.MembershipSnapshot.CountWithStatus(ClusterSpec.MemberStatus.Up));
        }, TimeSpan.FromSeconds(1));
        var founder = new[] { a, b }.Select(n => n.Cluster.Node).Min();
        Assert.All(new[] { a, b, c }, n => Assert.Equal(founder, n.Cluster.MembershipSnapshot.OldestMember()!.Node.Node));
    }

    [Fact]
    public async Task Akka_config_discovery_forms_one_cluster_without_join_skipping_unusable_endpoints()
    {
        var ports = FreePorts.Take(3);
        var endpoints = string.Join(", ", ports.Select(p => $"\"{Loopback}:{p}\"").Append("\"127.0.0.1:0\"").Append("\"no such host!:2552\""));

        var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"config{i}", s =>
        {
            s.Node.Port = port;
            s.Discovery = ServiceDiscoverySettings.Akka("config", "dda-config-test");
            s.Discovery.RequiredContactPoints = 3;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(300);
            s.Discovery.Interval = TimeSpan.FromMilliseconds(200);
            s.AdditionalHocon = $"akka.discovery.config.services.dda-config-test.endpoints = [{endpoints}]";
        })));

        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
        var log = CapturingLogger.LinesOf(nodes[0].ActorSystem);
        Assert.Contains(log, l => l.Contains("unusable entry [127.0.0.1:0]", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("unusable entry [no such host!:2552]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Akka_aggregate_discovery_falls_through_an_empty_method_to_config_and_forms_one_cluster()
    {
        var ports = FreePorts.Take(2);
        var endpoints = string.Join(", ", ports.Select(p => $"\"{Loopback}:{p}\""));
        var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"aggregate{i}", s =>
        {
            s.Node.Port = port;
            s.Discovery = ServiceDiscoverySettings.Akka("aggregate", "dda-aggregate");
            s.Discovery.RequiredContactPoints = 2;
            s.Discovery.StableMargin = TimeSpan.FromMilliseconds(300);
            s.Discovery.Interval = TimeSpan.FromMilliseconds(200);
            // The first method lists nothing, so only the second one can supply the nodes.
            s.AdditionalHocon = $$"""
                akka.discovery.aggregate.discovery-methods = ["{{HangingAkkaDiscovery.Method}}", "config"]
                akka.discovery.{{HangingAkkaDiscovery.Method}} {
                  class = "{{typeof(HangingAkkaDiscovery).AssemblyQualifiedName}}"
                  hanging-lookups = 0
                  endpoints = []
                }
                akka.discovery.config.services.dda-aggregate.endpoints = [{{endpoints}}]
                """;
        })));

        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
    }

    [Fact]
    public async Task An_unknown_akka_discovery_method_is_logged_and_retried_with_backoff_while_the_node_keeps_running()
    {
        var node = await SetUpNodeAsync("lonely", s =>
        {
            s.Discovery = ServiceDiscoverySettings.Akka("no-such-method", "svc");
            s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(50);
            s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(100);
        });

        await EventuallyAsync(() => Assert.Contains(CapturingLogger.LinesOf(node.ActorSystem),
            l => l.Contains("failed (attempt 3)", StringComparison.Ordinal) && l.Contains("no-such-method", StringComparison.Ordinal)), DefaultWithin);
        Assert.False(node.IsTerminated);
        // Backoff: 50 ms (+ up to 20% jitter) after the first failure, then doubled and capped at 100 ms (+ jitter).
        var delays = CapturingLogger.LinesOf(node.ActorSystem).Select(l => RetryDelay().Match(l)).Where(m => m.Success)
            .ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.InRange(delays[1], 50, 60);
        Assert.InRange(delays[2], 100, 120);
        Assert.InRange(delays[3], 100, 120);
        node.Cluster.Join(node.Cluster.Node);
        await node.Cluster.JoinedAsync(DefaultWithin);
    }

    [Fact]
    public async Task Failing_and_garbage_listings_are_logged_and_retried_and_the_nodes_still_form_a_cluster()
    {
        FlakyDiscovery[] flaky = [new(), new()];
        Action<ClusterSystemSettings> Configure(FlakyDiscovery discovery) => s =>
        {
            s.Discovery = ServiceDiscoverySettings.From(discovery, "svc", Endpoints.Parse);
            s.Discovery.StableMargin = TimeSpan.Zero;
            s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(50);
            s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(200);
        };
        var a = await SetUpNodeAsync("a", Configure(flaky[0]));
        var b = await SetUpNodeAsync("b", Configure(flaky[1]));

        // Both nodes keep running their discovery through failures and garbage; only then are the real endpoints listed.
        await EventuallyAsync(() => Assert.All(flaky, f => Assert.True(f.Subscriptions >= 4)), TimeSpan.FromSeconds(10));
        string[] valid = [$"{Loopback}:{a.Cluster.Node.Port}", $"{Loopback}:{b.Cluster.Node.Port}"];
        foreach (var f in flaky) f.Valid = valid;

        await EnsureAllUpAsync([a, b]);
        foreach (var node in new[] { a, b })
        {
            Assert.False(node.IsTerminated);
            var log = CapturingLogger.LinesOf(node.ActorSystem);
            Assert.Contains(log, l => l.Contains("failed (attempt 1)", StringComparison.Ordinal) && l.Contains("discovery is down", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("[not a host!:1234]", StringComparison.Ordinal) && l.Contains("not a valid host", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("[127.0.0.1:0]", StringComparison.Ordinal) && l.Contains("port 0", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("[garbage]", StringComparison.Ordinal) && l.Contains("cannot be mapped", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_lowest_node_founds_only_once_enough_nodes_are_listed_and_the_listing_was_stable()
    {
        var discovery = new InMemoryServiceDiscovery<string, Node>();
        var margin = TimeSpan.FromSeconds(1.5);
        void Configure(ClusterSystemSettings s)
        {
            s.Discovery = ServiceDiscoverySettings.From(discovery, "svc");
            s.Discovery.RequiredContactPoints = 2;
            s.Discovery.StableMargin = margin;
        }
        var nodes = new[] { await SetUpNodeAsync("a", Configure), await SetUpNodeAsync("b", Configure) }.OrderBy(n => n.Cluster.Node).ToArray();
        var lowest = nodes[0];

        // One listed node is fewer than RequiredContactPoints: the lowest may not found however long the listing is stable.
        discovery.Register("svc", [lowest.Cluster.Node]);
        await AssertHoldsAsync(() => Assert.All(nodes, n =>
        {
            Assert.Equal(ClusterSpec.MemberStatus.Joining, n.Cluster.Member.Status);
            Assert.Single(n.Cluster.MembershipSnapshot);
        }), margin + TimeSpan.FromSeconds(1.5));

        // Enough nodes now, but the listing must stay unchanged for StableMargin first. A read that finished before the margin had
        // passed since this listing was registered must not see the founder Up.
        var sinceListed = Stopwatch.StartNew();
        discovery.Register("svc", nodes.Select(n => n.Cluster.Node));
        var checks = 0;
        while (true)
        {
            var status = lowest.Cluster.Member.Status;
            if (sinceListed.Elapsed >= margin) break;
            Assert.Equal(ClusterSpec.MemberStatus.Joining, status);
            checks++;
            await Task.Delay(50);
        }
        Assert.True(checks > 0);
        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
    }

    [Fact]
    public async Task A_hanging_akka_discovery_plugin_is_timed_out_logged_and_retried_and_then_the_nodes_form_a_cluster()
    {
        var ports = FreePorts.Take(2);
        var endpoints = string.Join(", ", ports.Select(p => $"\"{Loopback}:{p}\""));
        var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"hang{i}", s =>
        {
            s.Node.Port = port;
            s.Discovery = ServiceDiscoverySettings.Akka(HangingAkkaDiscovery.Method, "svc");
            s.Discovery.StableMargin = TimeSpan.Zero;
            s.Discovery.ResolveTimeout = TimeSpan.FromMilliseconds(200);
            s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(50);
            s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(100);
            s.AdditionalHocon = $$"""
                akka.discovery.{{HangingAkkaDiscovery.Method}} {
                  class = "{{typeof(HangingAkkaDiscovery).AssemblyQualifiedName}}"
                  hanging-lookups = 2
                  endpoints = [{{endpoints}}]
                }
                """;
        })));

        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
        foreach (var node in nodes)
        {
            var log = CapturingLogger.LinesOf(node.ActorSystem);
            Assert.Contains(log, l => l.Contains("failed (attempt 1)", StringComparison.Ordinal) && l.Contains(HangingAkkaDiscovery.Method, StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("failed (attempt 2)", StringComparison.Ordinal) && l.Contains("timed out", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.Contains("failed (attempt 3)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_custom_discovery_that_gives_no_listing_is_timed_out_logged_and_resubscribed()
    {
        var ports = FreePorts.Take(2);
        string[] listing = [.. ports.Select(p => $"{Loopback}:{p}")];
        SilentDiscovery[] discoveries = [new(listing, silentSubscriptions: 2), new(listing, silentSubscriptions: 2)];
        var nodes = await Task.WhenAll(ports.Select((port, i) => SetUpNodeAsync($"silent{i}", s =>
        {
            s.Node.Port = port;
            s.Discovery = ServiceDiscoverySettings.From(discoveries[i], "svc", Endpoints.Parse);
            s.Discovery.StableMargin = TimeSpan.Zero;
            // Long enough that a subscription which does yield at once is never overdue on a loaded machine.
            s.Discovery.ResolveTimeout = TimeSpan.FromSeconds(1);
            s.Discovery.RetryBackoff = TimeSpan.FromMilliseconds(50);
            s.Discovery.MaxRetryBackoff = TimeSpan.FromMilliseconds(100);
        })));

        await EnsureAllUpAsync(nodes);
        AssertFoundedByLowest(nodes);
        Assert.All(discoveries, d => Assert.Equal(3, d.Subscriptions));
        foreach (var node in nodes)
        {
            var log = CapturingLogger.LinesOf(node.ActorSystem);
            Assert.Contains(log, l => l.Contains("failed (attempt 1)", StringComparison.Ordinal) && l.Contains("gave no listing within 1000 ms", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("failed (attempt 2)", StringComparison.Ordinal) && l.Contains("gave no listing within 1000 ms", StringComparison.Ordinal));
            Assert.DoesNotContain(log, l => l.Contains("failed (attempt 3)", StringComparison.Ordinal));
        }
    }

    private static void AssertFoundedByLowest(IReadOnlyList<ClusterSystem> nodes)
    {
        var lowest = nodes.Select(n => n.Cluster.Node).Min()!;
        foreach (var n in nodes)
            Assert.Equal(lowest, n.Cluster.MembershipSnapshot.OldestMember()!.Node.Node);
    }

    [GeneratedRegex(@"failed \(attempt (\d+)\), retrying in (\d+) ms")]
    private static partial Regex RetryDelay();

    /// <summary>Counts the subscriptions opened on <see cref="Inner"/> and those still open.</summary>
    private sealed class CountingDiscovery<T>(InMemoryServiceDiscovery<string, T> inner) : IServiceDiscovery<string, T>
    {
        private int _subscriptions;
        private int _open;

        public InMemoryServiceDiscovery<string, T> Inner { get; } = inner;

        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public int OpenSubscriptions => Volatile.Read(ref _open);

        public Task<IReadOnlyList<T>> LookupAsync(string service, CancellationToken cancellationToken = default) =>
            Inner.LookupAsync(service, cancellationToken);

        public async IAsyncEnumerable<IReadOnlyList<T>> SubscribeAsync(string service,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _subscriptions);
            Interlocked.Increment(ref _open);
            try
            {
                await foreach (var listing in Inner.SubscribeAsync(service, cancellationToken).WithCancellation(cancellationToken))
                    yield return listing;
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        }
    }

    /// <summary>
    /// Its first <c>silentSubscriptions</c> subscriptions never yield and ignore cancellation (a stuck watch); later ones yield
    /// <c>listing</c> and stay open.
    /// </summary>
    private sealed class SilentDiscovery(string[] listing, int silentSubscriptions) : IServiceDiscovery<string, string>
    {
        private int _subscriptions;

        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public Task<IReadOnlyList<string>> LookupAsync(string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(listing);

        public async IAsyncEnumerable<IReadOnlyList<string>> SubscribeAsync(string service,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _subscriptions) <= silentSubscriptions)
                await new TaskCompletionSource().Task;
            yield return listing;
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    /// <summary>Every subscription alternates: throw, then garbage and end, until <see cref="Valid"/> is set.</summary>
    private sealed class FlakyDiscovery : IServiceDiscovery<string, string>
    {
        private int _subscriptions;

        public volatile string[]? Valid;

        public int Subscriptions => Volatile.Read(ref _subscriptions);

        public Task<IReadOnlyList<string>> LookupAsync(string service, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<string>>(Valid ?? []);

        public async IAsyncEnumerable<IReadOnlyList<string>> SubscribeAsync(string service,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var n = Interlocked.Increment(ref _subscriptions);
            await Task.Yield();
            if (Valid is { } valid)
            {
                yield return valid;
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            if (n % 2 == 1) throw new InvalidOperationException("discovery is down");
            yield return ["not a host!:1234", "127.0.0.1:0", "garbage"];
        }
    }
}
