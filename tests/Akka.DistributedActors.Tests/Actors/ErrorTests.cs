using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Tests.Actors;

/// <summary>Every <see cref="RemoteCallErrorKind"/>, timeouts, and the error-allowance matrix (swift_api.md §12 item 23).</summary>
[LongRunning(20)]
public sealed class ErrorTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    private async Task<(ClusterSystem Caller, ClusterSystem Host, IKitchenSink Remote)> RemoteSinkAsync(Action<ClusterSystemSettings>? host = null)
    {
        var caller = await SetUpNodeAsync("caller");
        var hostSystem = await SetUpNodeAsync("host", host);
        await JoinNodesAsync(caller, hostSystem);
        var sink = hostSystem.Spawn<IKitchenSink>(() => new KitchenSink());
        return (caller, hostSystem, caller.Resolve<IKitchenSink>(sink.Id));
    }

    private static async Task<RemoteCallException> AssertKindAsync(RemoteCallErrorKind kind, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RemoteCallException>(call);
        Assert.Equal(kind, error.Kind);
        return error;
    }

    [Fact]
    public async Task Value_and_void_calls_time_out_with_the_scoped_timeout_locally_and_remotely()
    {
        var (caller, _, remote) = await RemoteSinkAsync();
        var local = caller.Spawn<IKitchenSink>(() => new KitchenSink());
        foreach (var sink in new[] { local, remote })
        {
            using (RemoteCall.WithTimeout(Short))
            {
                var value = await AssertKindAsync(RemoteCallErrorKind.TimedOut, () => sink.WaitUncancellable(TimeSpan.FromSeconds(3)));
                Assert.Equal(Short, value.Timeout);
                Assert.Equal(sink.Id, value.Actor);
                Assert.Equal("IKitchenSink.WaitUncancellable", value.Method);
                var @void = await AssertKindAsync(RemoteCallErrorKind.TimedOut, () => sink.WaitVoid(TimeSpan.FromSeconds(3)));
                Assert.Equal(Short, @void.Timeout);
            }
        }
    }

    [Fact]
    public async Task Default_timeout_comes_from_settings_and_WithTimeout_overrides_it_for_its_scope_only()
    {
        var caller = await SetUpNodeAsync("caller", s => s.RemoteCall.DefaultTimeout = TimeSpan.FromMilliseconds(300));
        var sink = caller.Spawn<IKitchenSink>(() => new KitchenSink());
        var error = await AssertKindAsync(RemoteCallErrorKind.TimedOut, () => sink.WaitVoid(TimeSpan.FromSeconds(3)));
        Assert.Equal(TimeSpan.FromMilliseconds(300), error.Timeout);
        Assert.Equal("waited", await RemoteCall.WithTimeoutAsync(TimeSpan.FromSeconds(5), () => sink.WaitUncancellable(TimeSpan.FromMilliseconds(500))));
        Assert.Null(RemoteCall.Timeout);
    }

    [Fact]
    public async Task Cancelling_the_token_parameter_fails_the_call_with_Cancelled()
    {
        var (caller, _, remote) = await RemoteSinkAsync();
        var local = caller.Spawn<IKitchenSink>(() => new KitchenSink());
        foreach (var sink in new[] { local, remote })
        {
            using var cts = new CancellationTokenSource(Short);
            using (RemoteCall.WithTimeout(Long))
                await AssertKindAsync(RemoteCallErrorKind.Cancelled, () => sink.Wait(TimeSpan.FromSeconds(20), cts.Token));
            await AssertKindAsync(RemoteCallErrorKind.Cancelled, () => sink.Wait(TimeSpan.FromSeconds(20), cts.Token));
            // The callee's token was cancelled too (for a remote callee, by the caller's cancel message).
            await EventuallyAsync(async () => Assert.Equal(1, await sink.CancelledWaits()), TimeSpan.FromSeconds(5));
        }
    }

    [Fact]
    public async Task A_timed_out_call_cancels_the_remote_callee_token()
    {
        var (_, _, remote) = await RemoteSinkAsync();
        using (RemoteCall.WithTimeout(Short))
            await AssertKindAsync(RemoteCallErrorKind.TimedOut, () => remote.Wait(TimeSpan.FromSeconds(20), CancellationToken.None));
        await EventuallyAsync(async () => Assert.Equal(1, await remote.CancelledWaits()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Calls_to_stopped_or_unknown_actors_fail_with_TargetNotFound_locally_and_remotely()
    {
        var (caller, host, remote) = await RemoteSinkAsync();
        var local = caller.Spawn<IKitchenSink>(() => new KitchenSink());
        await caller.StopAsync(local);
        await AssertKindAsync(RemoteCallErrorKind.TargetNotFound, () => local.Touch());

        var wrongIncarnation = new ActorID(remote.Id.Node, remote.Id.Path, remote.Id.Incarnation + 1);
        using (RemoteCall.WithTimeout(Long))
        {
            await AssertKindAsync(RemoteCallErrorKind.TargetNotFound, () => caller.Resolve<IKitchenSink>(wrongIncarnation).Touch());
            await host.StopAsync(host.Resolve<IKitchenSink>(remote.Id));
            await AssertKindAsync(RemoteCallErrorKind.TargetNotFound, () => remote.TouchCount());
        }
    }

    [Fact]
    public async Task Stopping_an_actor_fails_its_running_calls_with_TargetNotFound()
    {
        var (caller, host, remote) = await RemoteSinkAsync();
        using (RemoteCall.WithTimeout(Long))
        {
            var running = remote.WaitUncancellable(TimeSpan.FromSeconds(20));
            await EventuallyAsync(() => Assert.False(running.IsCompleted), TimeSpan.FromSeconds(1));
            await host.StopAsync(host.Resolve<IKitchenSink>(remote.Id));
            await AssertKindAsync(RemoteCallErrorKind.TargetNotFound, () => running);
        }
    }

    [Fact]
    public async Task Calls_to_a_down_node_fail_fast_and_in_flight_calls_fail_when_it_goes_down()
    {
        var (caller, host, remote) = await RemoteSinkAsync(s => s.AdditionalHocon = "akka.cluster.run-coordinated-shutdown-when-down = off");
        using (RemoteCall.WithTimeout(Long))
        {
            Assert.Equal(0, await remote.TouchCount());
            var inFlight = remote.WaitUncancellable(TimeSpan.FromSeconds(25));
            caller.Cluster.Down(host.Cluster.Node);
            var error = await AssertKindAsync(RemoteCallErrorKind.NodeDown, () => inFlight);
            Assert.Equal(remote.Id, error.Actor);

            var started = DateTime.UtcNow;
            await AssertKindAsync(RemoteCallErrorKind.NodeDown, () => remote.Touch());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "a call to a down node must not wait for its timeout");
        }
    }

    [Fact]
    public async Task Calls_fail_with_ClusterShutDown_once_the_calling_system_shuts_down()
    {
        var (caller, _, remote) = await RemoteSinkAsync();
        using (RemoteCall.WithTimeout(Long))
        {
            var inFlight = remote.WaitUncancellable(TimeSpan.FromSeconds(25));
            await caller.ShutdownAsync();
            await AssertKindAsync(RemoteCallErrorKind.ClusterShutDown, () => inFlight);
            await AssertKindAsync(RemoteCallErrorKind.ClusterShutDown, () => remote.Touch());
        }
    }

    [Fact]
    public async Task Unserializable_arguments_and_results_fail_with_SerializationFailed()
    {
        var (caller, host, remote) = await RemoteSinkAsync();
        var result = await AssertKindAsync(RemoteCallErrorKind.SerializationFailed, () => remote.Unserializable());
        Assert.Contains("result", result.Message);

        var remoteEcho = caller.Resolve<IEchoObject>(host.Spawn<IEchoObject>(() => new EchoObject()).Id);
        var argument = await AssertKindAsync(RemoteCallErrorKind.SerializationFailed, () => remoteEcho.Echo(new SelfReferencing()));
        Assert.Contains("arguments", argument.Message);

        // In memory nothing is serialized, so the same argument is fine for a local actor.
        var localEcho = caller.Spawn<IEchoObject>(() => new EchoObject());
        Assert.Equal("received", await localEcho.Echo(new SelfReferencing()));
    }

    [Fact]
    public async Task Local_calls_rethrow_the_callee_exception_itself()
    {
        var caller = await SetUpNodeAsync("caller", s => s.RemoteCall.ErrorAllowance = ErrorAllowance.None);
        var sink = caller.Spawn<IKitchenSink>(() => new KitchenSink());
        var error = await Assert.ThrowsAsync<GreeterException>(() => sink.Throw("greeter", "boom"));
        Assert.Equal("boom", error.Message);
        await Assert.ThrowsAsync<GreeterException>(() => sink.ThrowValue("late boom"));
    }

    public static TheoryData<string, string, string> AllowanceMatrix => new()
    {
        // allowance, thrown kind, expected: type name or "generic"
        { "all", "greeter", nameof(GreeterException) },
        { "all", "invalid", nameof(InvalidOperationException) },
        { "none", "greeter", "generic" },
        { "custom-greeter", "greeter", nameof(GreeterException) },
        { "custom-greeter-other", "other", nameof(OtherGreeterException) },
        { "custom-other", "greeter", "generic" },
        { "all", "unbuildable", "generic" },
    };

    [Theory]
    [MemberData(nameof(AllowanceMatrix))]
    public async Task Remote_errors_follow_the_callee_error_allowance(string allowance, string thrown, string expected)
    {
        var setting = allowance switch
        {
            "all" => ErrorAllowance.All,
            "none" => ErrorAllowance.None,
            "custom-greeter" => ErrorAllowance.Custom(typeof(GreeterException)),
            "custom-greeter-other" => ErrorAllowance.Custom(typeof(GreeterException), typeof(OtherGreeterException)),
            _ => ErrorAllowance.Custom(typeof(OtherGreeterException)),
        };
        var (_, _, remote) = await RemoteSinkAsync(s => s.RemoteCall.ErrorAllowance = setting);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => remote.Throw(thrown, "boom"));
        if (expected == "generic")
        {
            var generic = Assert.IsType<GenericRemoteCallException>(error);
            Assert.StartsWith("Remote call error of [Akka.DistributedActors.Tests.Actors.", generic.Message);
            Assert.Contains("] type occurred", generic.Message);
            Assert.Equal(remote.Id, generic.Actor);
        }
        else
        {
            Assert.Equal(expected, error.GetType().Name);
            Assert.Equal("boom", error.Message);
        }
    }

    [Fact]
    public async Task Errors_thrown_after_an_await_in_value_calls_cross_the_wire_too()
    {
        var (_, _, remote) = await RemoteSinkAsync();
        var error = await Assert.ThrowsAsync<GreeterException>(() => remote.ThrowValue("late boom"));
        Assert.Equal("late boom", error.Message);
    }

    [Fact]
    public void Invalid_remote_call_settings_name_the_setting()
    {
        var settings = new ClusterSystemSettings("x");
        settings.RemoteCall.DefaultTimeout = TimeSpan.Zero;
        var error = Assert.Throws<ClusterSystemSettingsException>(settings.Validate);
        Assert.Contains("RemoteCall.DefaultTimeout", error.Message);
        Assert.Throws<ArgumentException>(() => ErrorAllowance.Custom(typeof(string)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RemoteCall.WithTimeout(TimeSpan.FromSeconds(-1)));
    }
}

public interface IEchoObject : IDistributedActor
{
    Task<string> Echo(object value);
}

public sealed class EchoObject : DistributedActor, IEchoObject
{
    public Task<string> Echo(object value) => Task.FromResult(value is SelfReferencing ? "received" : "other");
}
