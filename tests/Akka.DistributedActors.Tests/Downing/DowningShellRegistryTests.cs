using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Downing;

/// <summary>Akka starts the downing shell lazily inside the cluster daemon, before or after the facade hands over the strategy.</summary>
public sealed class DowningShellRegistryTests : Akka.TestKit.Xunit2.TestKit
{
    private DowningShell.Start NewStart() => new(() => new TimeoutBasedDowningStrategy(new TimeoutBasedDowningStrategySettings(),
        new DowningContext(TestNodes.Unique("s", 1, 1), new ClusterSystemSettings())), TestActor, "test");

    [Fact]
    public void Strategy_handed_over_before_the_shell_starts_reaches_the_shell_when_it_starts()
    {
        var registry = DowningShellRegistry.Get(Sys);
        var shell = CreateTestProbe();
        var start = NewStart();

        registry.Configure(start);
        shell.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        registry.ShellStarted(shell.Ref);

        Assert.Same(start, shell.ExpectMsg<DowningShell.Start>());
    }

    [Fact]
    public void Strategy_handed_over_after_the_shell_started_reaches_it_at_once_and_again_after_a_restart()
    {
        var registry = DowningShellRegistry.Get(Sys);
        var shell = CreateTestProbe();
        var start = NewStart();

        registry.ShellStarted(shell.Ref);
        registry.Configure(start);
        Assert.Same(start, shell.ExpectMsg<DowningShell.Start>());

        registry.ShellStopped(shell.Ref);
        registry.ShellStarted(shell.Ref);
        Assert.Same(start, shell.ExpectMsg<DowningShell.Start>());
        Assert.Throws<InvalidOperationException>(() => registry.Configure(NewStart()));
    }
}
