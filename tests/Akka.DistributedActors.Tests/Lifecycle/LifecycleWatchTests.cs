using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Lifecycle;

public interface IRomeo : IDistributedActor
{
    Task<string> Ping();
}

public interface IJuliet : IDistributedActor
{
    Task Watch(IRomeo romeo);

    Task Unwatch(IRomeo romeo);

    Task<bool> IsWatching(IRomeo romeo);

    Task<List<ActorID>> Terminations();
}

public sealed class Romeo : DistributedActor, IRomeo
{
    public Task<string> Ping() => Task.FromResult("pong");
}

public sealed class Juliet : DistributedActor, IJuliet, ILifecycleWatch
{
    private readonly List<ActorID> _terminations = [];

    public Task Watch(IRomeo romeo)
    {
        WatchTermination(romeo);
        return Task.CompletedTask;
    }

    public Task Unwatch(IRomeo romeo)
    {
        UnwatchTermination(romeo);
        return Task.CompletedTask;
    }

    Task<bool> IJuliet.IsWatching(IRomeo romeo) => Task.FromResult(IsWatching(romeo));

    public Task<List<ActorID>> Terminations() => Task.FromResult(_terminations.ToList());

    public Task Terminated(ActorID id)
    {
        _terminations.Add(id);
        return Task.CompletedTask;
    }
}

public sealed class NotAWatcher : DistributedActor, IJuliet
{
    public Task Watch(IRomeo romeo)
    {
        WatchTermination(romeo);
        return Task.CompletedTask;
    }

    public Task Unwatch(IRomeo romeo) => Task.CompletedTask;

    Task<bool> IJuliet.IsWatching(IRomeo romeo) => Task.FromResult(false);

    public Task<List<ActorID>> Terminations() => Task.FromResult(new List<ActorID>());
}

/// <summary>Lifecycle watch (swift_api.md §7, §12 item 22): exactly one Terminated per watched actor, for every way it can go.</summary>
public sealed class LifecycleWatchTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private static Task ExpectTerminationsAsync(IJuliet juliet, params ActorID[] expected) =>
        EventuallyAsync(async () => Assert.Equal(expected, await juliet.Terminations()), Within);

    private static Task ExpectNoMoreTerminationsAsync(IJuliet juliet, int count) =>
        AssertHoldsAsync(async () => Assert.Equal(count, (await juliet.Terminations()).Count), TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task Stopping_a_watched_local_actor_delivers_Terminated_once()
    {
        var system = await SetUpNodeAsync("first");
        var juliet = system.Spawn<IJuliet>(() => new Juliet());
        var romeo = system.Spawn<IRomeo>(() => new Romeo());
        await juliet.Watch(romeo);
        Assert.True(await juliet.IsWatching(romeo));

        await system.StopAsync(romeo);
        await ExpectTerminationsAsync(juliet, romeo.Id);
        Assert.False(await juliet.IsWatching(romeo));
        await ExpectNoMoreTerminationsAsync(juliet, 1);
    }

    [Fact]
    public async Task Stopping_a_watched_remote_actor_delivers_Terminated_once()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var juliet = first.Spawn<IJuliet>(() => new Juliet());
        var romeo = second.Spawn<IRomeo>(() => new Romeo());
        await juliet.Watch(first.Resolve<IRomeo>(romeo.Id));

        await second.StopAsync(romeo);
        await ExpectTerminationsAsync(juliet, romeo.Id);
        await ExpectNoMoreTerminationsAsync(juliet, 1);
    }

    [Fact]
    public async Task Watched_remote_actors_terminate_once_when_their_node_is_downed_and_later_watches_fire_at_once()
    {
        var (first, second) = await SetUpPairAsync(s => s.AdditionalHocon = "akka.cluster.run-coordinated-shutdown-when-down = off");
        await JoinNodesAsync(first, second);
        var juliet = first.Spawn<IJuliet>(() => new Juliet());
        var romeo = second.Spawn<IRomeo>(() => new Romeo());
        var mercutio = second.Spawn<IRomeo>(() => new Romeo());
        await juliet.Watch(first.Resolve<IRomeo>(romeo.Id));

        first.Cluster.Down(second.Cluster.Node);
        await ExpectTerminationsAsync(juliet, romeo.Id);

        await juliet.Watch(first.Resolve<IRomeo>(mercutio.Id));
        await ExpectTerminationsAsync(juliet, romeo.Id, mercutio.Id);
        await ExpectNoMoreTerminationsAsync(juliet, 2);
    }

    [Fact]
    public async Task Shutting_down_the_watched_actor_system_delivers_Terminated()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var juliet = first.Spawn<IJuliet>(() => new Juliet());
        var romeo = second.Spawn<IRomeo>(() => new Romeo());
        await juliet.Watch(first.Resolve<IRomeo>(romeo.Id));

        await second.ShutdownAsync();
        await ExpectTerminationsAsync(juliet, romeo.Id);
        await ExpectNoMoreTerminationsAsync(juliet, 1);
    }

    [Fact]
    public async Task Unwatched_actor_termination_is_not_delivered()
    {
        var (first, second) = await SetUpPairAsync();
        await JoinNodesAsync(first, second);
        var juliet = first.Spawn<IJuliet>(() => new Juliet());
        var local = first.Spawn<IRomeo>(() => new Romeo());
        var remote = second.Spawn<IRomeo>(() => new Romeo());
        await juliet.Watch(local);
        await juliet.Watch(first.Resolve<IRomeo>(remote.Id));
        await juliet.Unwatch(local);
        await juliet.Unwatch(first.Resolve<IRomeo>(remote.Id));
        Assert.False(await juliet.IsWatching(local));

        await first.StopAsync(local);
        await second.StopAsync(remote);
        await ExpectNoMoreTerminationsAsync(juliet, 0);
    }

    [Fact]
    public async Task Watching_an_already_stopped_actor_fires_at_once_and_watching_requires_ILifecycleWatch()
    {
        var system = await SetUpNodeAsync("first");
        var juliet = system.Spawn<IJuliet>(() => new Juliet());
        var romeo = system.Spawn<IRomeo>(() => new Romeo());
        await system.StopAsync(romeo);
        await juliet.Watch(romeo);
        await ExpectTerminationsAsync(juliet, romeo.Id);

        var notAWatcher = system.Spawn<IJuliet>(() => new NotAWatcher());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => notAWatcher.Watch(system.Spawn<IRomeo>(() => new Romeo())));
        Assert.Contains("ILifecycleWatch", error.Message);
    }
}
