using System.Diagnostics;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.TestKit;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

/// <summary>
/// The downing shell on its own: events are handed to it directly (the test actor stands in for the event translator), so the
/// timer directives can be checked without a partition. The ActorSystem is a cluster member that never joins.
/// </summary>
public sealed class DowningShellTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.actor.provider = cluster
    akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
    akka.cluster.downing-provider-class = ""
    akka.loglevel = INFO
    """)
{
    private static readonly UniqueNode X = TestNodes.Unique("x", 7001, 1);
    private static readonly UniqueNode Y = TestNodes.Unique("y", 7002, 2);
    private static readonly Spec.Member UpX = TestNodes.Up(X, 1);
    private static readonly Spec.Member UpY = TestNodes.Up(Y, 2);

    /// <summary>The input a <see cref="Scripted"/> strategy reports to the test: an event or a timeout.</summary>
    private sealed record Input(string Kind, object Value);

    /// <summary>Answers each event with the directive <c>decide</c> gives and reports every input to <c>probe</c>; a test-only impurity.</summary>
    private sealed class Scripted(IActorRef probe, Func<Spec.Event, DowningStrategyDirective> decide, Func<Spec.Member, DowningStrategyDirective> onTimeout)
        : IDowningStrategy
    {
        public DowningStrategyDirective OnClusterEvent(Spec.Event e)
        {
            probe.Tell(new Input("event", e));
            return decide(e);
        }

        public DowningStrategyDirective OnTimeout(Spec.Member member)
        {
            probe.Tell(new Input("timeout", member.Node));
            return onTimeout(member);
        }
    }

    // Starts a shell for `strategy`, answers its subscription and hands it the Snapshot (two members, both Up).
    private (IActorRef Shell, TestProbe Inputs, int[] Created) StartShell(Func<IActorRef, IDowningStrategy> strategy)
    {
        var inputs = CreateTestProbe();
        var created = new int[1];
        var shell = Sys.ActorOf(DowningShell.Props(Akka.Cluster.Cluster.Get(Sys), new DowningShellRegistry()));
        shell.Tell(new DowningShell.Start(() =>
        {
            Interlocked.Increment(ref created[0]);
            return strategy(inputs.Ref);
        }, TestActor, "scripted"));
        ExpectMsg<TranslatorProtocol.Subscribe>();
        shell.Tell(new Spec.Snapshot(new Spec.Membership([UpX, UpY], X)));
        inputs.ExpectMsg<Input>(i => i.Value is Spec.Snapshot);
        return (shell, inputs, created);
    }

    private static Spec.ReachabilityChange Unreachable(Spec.Member m) => new(m.AsUnreachable);

    private static Spec.ReachabilityChange Reachable(Spec.Member m) => new(m.AsReachable);

    [Fact]
    public void Cancelled_timer_never_reaches_the_strategy_while_an_uncancelled_one_does()
    {
        var delay = TimeSpan.FromMilliseconds(300);
        var (shell, inputs, _) = StartShell(probe => new Scripted(probe, e => e switch
        {
            Spec.ReachabilityChange { ToUnreachable: true } r => DowningDirectives.StartTimer(r.Member, delay),
            Spec.ReachabilityChange r => DowningDirectives.CancelTimer(r.Member),
            _ => DowningDirectives.None,
        }, _ => DowningDirectives.None));

        // X's timer is cancelled by the next message in the mailbox, long before its 300 ms are up; Y's runs out.
        shell.Tell(Unreachable(UpX));
        shell.Tell(Reachable(UpX));
        shell.Tell(Unreachable(UpY));
        inputs.ExpectMsg<Input>(i => i.Kind == "event");
        inputs.ExpectMsg<Input>(i => i.Kind == "event");
        inputs.ExpectMsg<Input>(i => i.Kind == "event");

        Assert.Equal(new Input("timeout", Y), inputs.ExpectMsg<Input>(TimeSpan.FromSeconds(10)));
        inputs.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Start_timer_replaces_the_running_timer_of_that_member()
    {
        var delays = new Queue<TimeSpan>([TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)]);
        var (shell, inputs, _) = StartShell(probe => new Scripted(probe, e => e is Spec.ReachabilityChange r
            ? DowningDirectives.StartTimer(r.Member, delays.Dequeue())
            : DowningDirectives.None, _ => DowningDirectives.None));

        var sinceReplaced = Stopwatch.StartNew();
        shell.Tell(Unreachable(UpX));   // 200 ms timer
        shell.Tell(Reachable(UpX));     // replaced at once by a 2 s timer
        inputs.ExpectMsg<Input>(i => i.Kind == "event");
        inputs.ExpectMsg<Input>(i => i.Kind == "event");

        Assert.Equal(new Input("timeout", X), inputs.ExpectMsg<Input>(TimeSpan.FromSeconds(15)));
        // The 200 ms timer would have fired about 1.8 s earlier; only the replacing one may fire, and only once.
        Assert.True(sinceReplaced.Elapsed >= TimeSpan.FromSeconds(1.9), $"the timer fired after {sinceReplaced.Elapsed}");
        inputs.ExpectNoMsg(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Strategy_that_throws_on_a_timeout_is_logged_and_keeps_getting_events_and_timeouts()
    {
        var (shell, inputs, created) = StartShell(probe => new Scripted(probe, e => e is Spec.ReachabilityChange { ToUnreachable: true } r
            ? DowningDirectives.StartTimer(r.Member, TimeSpan.FromMilliseconds(50))
            : DowningDirectives.None, m => throw new InvalidOperationException($"no timeout for {m.Node} expected")));

        EventFilter.Error(contains: "Downing strategy Scripted threw on timeout of").ExpectOne(() =>
        {
            shell.Tell(Unreachable(UpX));
            inputs.ExpectMsg<Input>(i => i.Kind == "event");
            Assert.Equal(new Input("timeout", X), inputs.ExpectMsg<Input>(TimeSpan.FromSeconds(10)));
        });

        // Same instance, same shell: the next event and the next timeout still arrive.
        shell.Tell(Unreachable(UpY));
        inputs.ExpectMsg<Input>(i => i.Kind == "event" && i.Value is Spec.ReachabilityChange r && r.Member.Node.Equals(Y));
        Assert.Equal(new Input("timeout", Y), inputs.ExpectMsg<Input>(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, Volatile.Read(ref created[0]));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));   // no second subscription: the shell was not restarted
    }

    [Fact]
    public void Factory_that_throws_is_logged_and_the_shell_subscribes_to_nothing()
    {
        var shell = Sys.ActorOf(DowningShell.Props(Akka.Cluster.Cluster.Get(Sys), new DowningShellRegistry()));

        EventFilter.Error(contains: "Could not create the downing strategy (broken factory)").ExpectOne(() =>
            shell.Tell(new DowningShell.Start(() => throw new InvalidOperationException("no strategy today"), TestActor, "broken factory")));

        ExpectNoMsg(TimeSpan.FromMilliseconds(500));   // no subscription, so no events and no downs
        Watch(shell);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));   // and the shell itself is still alive
    }
}
