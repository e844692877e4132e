using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Receptionist;

/// <summary>Check-in, lookup and listing across nodes; removal of stopped actors and of actors of downed nodes.</summary>
public sealed class ReceptionistTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    // Documented propagation bound (docs/receptionist-singleton-pool.md): deltas every 200 ms, notification every 50 ms,
    // with room for a loaded test machine.
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(3);

    private async Task<ClusterSystem[]> ThreeNodesAsync()
    {
        var nodes = await SetUpClusterAsync(["a", "b", "c"]);
        foreach (var node in nodes) _ = node.Receptionist;
        return nodes;
    }

    [Fact]
    public async Task Check_in_on_one_node_is_listed_exactly_once_on_the_others_and_callable()
    {
        var (a, b, c) = await ThreeNodesAsync() is var n ? (n[0], n[1], n[2]) : default;
        var echo = a.Spawn<IEcho>(() => new Echo("one"));
        await a.Receptionist.CheckInAsync(echo, ReceptionKeys.Echoes);
        await a.Receptionist.CheckInAsync(echo, ReceptionKeys.Echoes);
        Assert.Equal([echo.Id], a.Receptionist.Lookup(ReceptionKeys.Echoes).Select(e => e.Id));

        foreach (var node in new[] { b, c })
        {
            await EventuallyAsync(() => Assert.Single(node.Receptionist.Lookup(ReceptionKeys.Echoes)), Propagation);
            var found = node.Receptionist.Lookup(ReceptionKeys.Echoes)[0];
            Assert.Equal(echo.Id, found.Id);
            Assert.Equal("one:hi", await found.Echo("hi"));
            Assert.Empty(node.Receptionist.Lookup(ReceptionKeys.Others));
            // A key is its id and its interface: the same id under another interface is another group.
            Assert.Empty(node.Receptionist.Lookup(new DistributedReception.Key<WorkerPool.IHasher>(ReceptionKeys.Echoes.Id)));
        }
    }

    [Fact]
    public async Task Listing_yields_existing_actors_first_then_new_ones_each_once_and_stops_when_cancelled()
    {
        var (a, b, _) = await ThreeNodesAsync() is var n ? (n[0], n[1], n[2]) : default;
        var first = a.Spawn<IEcho>(() => new Echo("first"));
        await a.Receptionist.CheckInAsync(first, ReceptionKeys.Echoes);
        await EventuallyAsync(() => Assert.Single(b.Receptionist.Lookup(ReceptionKeys.Echoes)), Propagation);

        using var cts = new CancellationTokenSource(DefaultWithin);
        await using var listing = b.Receptionist.Listing(ReceptionKeys.Echoes, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await listing.MoveNextAsync());
        Assert.Equal(first.Id, listing.Current.Id);

        var second = a.Spawn<IEcho>(() => new Echo("second"));
        await a.Receptionist.CheckInAsync(second, ReceptionKeys.Echoes);
        await a.Receptionist.CheckInAsync(first, ReceptionKeys.Echoes);
        Assert.True(await listing.MoveNextAsync());
        Assert.Equal(second.Id, listing.Current.Id);
        Assert.Equal("second:x", await listing.Current.Echo("x"));

        var next = listing.MoveNextAsync().AsTask();
        await AssertHoldsAsync(() => Assert.False(next.IsCompleted), TimeSpan.FromMilliseconds(500));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task Registrations_made_before_two_nodes_joined_show_up_after_they_join()
    {
        var a = await SetUpNodeAsync("a");
        var b = await SetUpNodeAsync("b");
        var echo = a.Spawn<IEcho>(() => new Echo("early"));
        await a.Receptionist.CheckInAsync(echo, ReceptionKeys.Echoes);
        _ = b.Receptionist;
        await JoinNodesAsync(b, a);
        await EventuallyAsync(() => Assert.Equal([echo.Id], b.Receptionist.Lookup(ReceptionKeys.Echoes).Select(e => e.Id)), Propagation);
    }

    [Fact]
    public async Task Stopped_actor_disappears_from_lookup_on_every_node()
    {
        var nodes = await ThreeNodesAsync();
        var a = nodes[0];
        var stays = a.Spawn<IEcho>(() => new Echo("stays"));
        var stops = a.Spawn<IEcho>(() => new Echo("stops"));
        await a.Receptionist.CheckInAsync(stays, ReceptionKeys.Echoes);
        await a.Receptionist.CheckInAsync(stops, ReceptionKeys.Echoes);
        foreach (var node in nodes) await EventuallyAsync(() => Assert.Equal(2, node.Receptionist.Lookup(ReceptionKeys.Echoes).Count), Propagation);

        await a.StopAsync(stops);
        foreach (var node in nodes)
            await EventuallyAsync(() => Assert.Equal([stays.Id], node.Receptionist.Lookup(ReceptionKeys.Echoes).Select(e => e.Id)), Propagation);
    }

    [Fact]
    public async Task Actors_of_a_crashed_node_disappear_from_lookup_once_it_is_down()
    {
        var (a, b, c) = await ThreeNodesAsync() is var n ? (n[0], n[1], n[2]) : default;
        var onA = a.Spawn<IEcho>(() => new Echo("a"));
        var onC = c.Spawn<IEcho>(() => new Echo("c"));
        await a.Receptionist.CheckInAsync(onA, ReceptionKeys.Echoes);
        await c.Receptionist.CheckInAsync(onC, ReceptionKeys.Echoes);
        foreach (var node in new[] { a, b }) await EventuallyAsync(() => Assert.Equal(2, node.Receptionist.Lookup(ReceptionKeys.Echoes).Count), Propagation);

        var crashed = c.Cluster.UniqueNode;
        await CrashAsync(c);
        a.Cluster.Down(crashed.Node);
        foreach (var node in new[] { a, b })
            await EventuallyAsync(() => Assert.Equal([onA.Id], node.Receptionist.Lookup(ReceptionKeys.Echoes).Select(e => e.Id)), Propagation);
    }

    [Fact]
    public async Task Only_running_local_actors_can_check_in()
    {
        var (a, b, _) = await ThreeNodesAsync() is var n ? (n[0], n[1], n[2]) : default;
        var echo = a.Spawn<IEcho>(() => new Echo("a"));
        var remote = b.Resolve<IEcho>(echo.Id);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => b.Receptionist.CheckInAsync(remote, ReceptionKeys.Echoes));
        Assert.Contains("Only actors hosted by this node", error.Message);

        await a.StopAsync(echo);
        error = await Assert.ThrowsAsync<ArgumentException>(() => a.Receptionist.CheckInAsync(echo, ReceptionKeys.Echoes));
        Assert.Contains("stopped", error.Message);
        Assert.Throws<ArgumentException>(() => new DistributedReception.Key<IEcho>(" "));
    }

    [Fact]
    public void Receptionist_settings_reject_non_positive_intervals_naming_the_setting()
    {
        var settings = new ClusterSystemSettings("x");
        settings.Receptionist.GossipInterval = TimeSpan.Zero;
        var error = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Equal("Receptionist.GossipInterval", error.SettingName);
        settings.Receptionist.GossipInterval = TimeSpan.FromSeconds(1);
        settings.Receptionist.NotifySubscribersInterval = TimeSpan.FromMilliseconds(-1);
        Assert.Equal("Receptionist.NotifySubscribersInterval", Assert.Throws<ClusterSystemSettingsException>(settings.Validate).SettingName);
    }
}
