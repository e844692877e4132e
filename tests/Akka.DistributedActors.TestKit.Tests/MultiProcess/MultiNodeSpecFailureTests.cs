using System.Diagnostics;
using Akka.Event;
using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.MultiProcess;

/// <summary>
/// The kit must never let a broken multi-node spec pass: each test runs a spec that goes wrong on purpose and asserts how the
/// run fails. (In the node processes these methods run only the body; the assertions here run in the test process.)
/// </summary>
public sealed class MultiNodeSpecFailureTests(ITestOutputHelper output) : MultiNodeSpec(output)
{
    protected override IReadOnlyList<string> NodeNames => ["first", "second"];

    protected override void ConfigureMultiNode(MultiNodeOptions options)
    {
        // These specs test the kit, not the cluster: no join, and a short hard timeout so a kit bug cannot hang the suite.
        options.JoinOnStart = false;
        options.HardTimeout = TimeSpan.FromSeconds(40);
    }

    [Fact]
    public async Task Failing_assertion_inside_a_node_fails_the_spec_with_its_exception_and_log()
    {
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(async node =>
        {
            await node.CheckpointAsync("before the assertion");
            node.RunOn("second", system =>
            {
                system.Log.Info("second is about to assert");
                Assert.Equal("expected value", "actual value");
            });
            await node.CheckpointAsync("after the assertion");
        }));

        var second = failure.Nodes.Single(n => n.Name == "second");
        Assert.Equal(MultiNodeOutcome.Failed, second.Outcome);
        Assert.Contains("Assert.Equal() Failure", second.Failure);
        Assert.Contains(second.Log, line => line.Contains("second is about to assert", StringComparison.Ordinal));
        Assert.StartsWith("Node 'second' failed: Xunit.Sdk.EqualException", failure.Failures[0], StringComparison.Ordinal);
        Assert.Matches(@"ms second +log +\[Info\] .*second is about to assert", failure.Message);
        // first waits at the second checkpoint for a node that will never come: it is stopped, not left running.
        Assert.Equal(MultiNodeOutcome.Aborted, failure.Nodes.Single(n => n.Name == "first").Outcome);
        AssertAllExited(failure);
    }

    [Fact]
    public async Task Node_that_throws_fails_the_spec_with_that_exception()
    {
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(node =>
        {
            if (node.On("first")) throw new InvalidOperationException("first gave up on purpose");
            return Task.CompletedTask;
        }));

        var first = failure.Nodes.Single(n => n.Name == "first");
        Assert.Contains("System.InvalidOperationException: first gave up on purpose", first.Failure);
        Assert.Contains(first.Log, line => line.StartsWith("[stderr] Node 'first' failed: System.InvalidOperationException", StringComparison.Ordinal));
        Assert.Contains(first.Log, line => line.Contains("Remoting started", StringComparison.Ordinal));
        Assert.Contains("Node 'first' failed: System.InvalidOperationException: first gave up on purpose", failure.Message, StringComparison.Ordinal);
        AssertAllExited(failure);
    }

    [Fact]
    public async Task Hung_node_is_killed_at_the_hard_timeout()
    {
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(async node =>
        {
            // A body that never completes, as a deadlocked test would.
            if (node.On("second")) await new TaskCompletionSource().Task;
        }, options => options.HardTimeout = TimeSpan.FromSeconds(8)));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(40));
        Assert.Single(failure.Failures);
        Assert.StartsWith("Hard timeout: the run did not finish within 8s; still running (killed): ", failure.Failures[0], StringComparison.Ordinal);
        // first is killed too: it either waits in the implicit end-of-test checkpoint for second or, on a very busy machine,
        // had not even got there.
        Assert.Contains("first, second", failure.Failures[0], StringComparison.Ordinal);
        Assert.All(failure.Nodes, n => Assert.Equal(MultiNodeOutcome.Aborted, n.Outcome));
        AssertAllExited(failure);
    }

    [Fact]
    public async Task Node_process_that_exits_without_a_result_fails_the_spec()
    {
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(node =>
        {
            // As a crash in native code or a stray Environment.Exit would.
            if (node.On("second")) Environment.Exit(42);
            return Task.CompletedTask;
        }));

        Assert.Equal("Node 'second' exited with code 42 before reporting a result.", failure.Failures[0]);
        Assert.Equal(42, failure.Nodes.Single(n => n.Name == "second").ExitCode);
    }

    [Fact]
    public async Task Checkpoint_a_node_never_reaches_fails_naming_that_node()
    {
        var failure = await Assert.ThrowsAsync<MultiNodeSpecException>(() => RunAsync(async node =>
        {
            await node.RunOnAsync("first", _ => node.CheckpointAsync("only first comes here", TimeSpan.FromSeconds(2)));
            await node.RunOnAsync("second", _ => new TaskCompletionSource().Task);
        }));

        Assert.Equal("Checkpoint 'only first comes here' timed out after 2s: second did not arrive (arrived: first).", failure.Failures[0]);
    }

    [Theory]
    [InlineData(1)]
    public async Task Theory_is_rejected_before_any_process_starts(int value)
    {
        // A node process re-runs the test method without arguments, so RunAsync refuses methods with parameters.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(_ => Task.FromResult(value)));
        Assert.Contains("public parameterless test method", error.Message, StringComparison.Ordinal);
    }

    private static void AssertAllExited(MultiNodeSpecException failure)
    {
        foreach (var node in failure.Nodes)
        {
            Assert.NotNull(node.ExitCode);
            Assert.False(IsRunning(node.ProcessId), $"Process {node.ProcessId} of node {node.Name} is still running.");
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
