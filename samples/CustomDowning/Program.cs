using Akka.DistributedActors;
using Akka.DistributedActors.TestKit;
using CustomDowning;

// Three nodes in one process run MajorityTimeoutDowning; "c" is then cut off from "a" and "b".
// Expected: a and b down and remove c; c sees a minority, downs itself and shuts down (OnDownAction). Exit code 0 on success.
var started = DateTime.UtcNow;
void Say(string who, object what) => Console.WriteLine($"{(DateTime.UtcNow - started).TotalSeconds,6:0.00}s [{who}] {what}");

static void Configure(ClusterSystemSettings s)
{
    s.Node.Port = 0;
    s.Logging.LogLevel = LogLevel.Warning;   // the sample prints the cluster events itself
    s.Join.RetryInterval = TimeSpan.FromMilliseconds(200);
    s.Join.SeedNodeTimeout = TimeSpan.FromSeconds(1);
    s.FailureDetector.HeartbeatInterval = TimeSpan.FromMilliseconds(200);
    s.FailureDetector.AcceptableHeartbeatPause = TimeSpan.FromSeconds(1);
    s.FailureDetector.ExpectedResponseAfter = TimeSpan.FromMilliseconds(200);
    s.Gossip.Interval = TimeSpan.FromMilliseconds(200);
    s.Gossip.LeaderActionsInterval = TimeSpan.FromMilliseconds(200);
    s.Downing = DowningStrategySettings.Custom(ctx => new MajorityTimeoutDowning(ctx.SelfNode, TimeSpan.FromSeconds(1)));
    s.OnDownAction = OnDownActionStrategySettings.GracefulShutdown(TimeSpan.FromSeconds(1));
    // Akka.Remote's throttler lets FaultInjection cut links without a network.
    s.AdditionalHocon = "akka.remote.dot-netty.tcp.applied-adapters = [trttl]";
}

var a = await ClusterSystem.StartAsync("a", Configure);
var b = await ClusterSystem.StartAsync("b", Configure);
var c = await ClusterSystem.StartAsync("c", Configure);
using var stop = new CancellationTokenSource();
var watchers = new[] { a, b, c }.Select(n => Task.Run(async () =>
{
    try
    {
        await foreach (var e in n.Cluster.Events.WithCancellation(stop.Token))
            if (e is not Cluster.Snapshot) Say(n.Name, e);
    }
    catch (OperationCanceledException)
    {
    }
})).ToList();

var exitCode = 1;
try
{
    b.Cluster.Join(a.Cluster.Node);
    c.Cluster.Join(a.Cluster.Node);
    UniqueNode[] all = [a.Cluster.UniqueNode, b.Cluster.UniqueNode, c.Cluster.UniqueNode];
    await Task.WhenAll(new[] { a, b, c }.Select(n => n.Cluster.WaitForAsync(all, Cluster.MemberStatus.Up, TimeSpan.FromSeconds(30))));
    Say("sample", "all three nodes are Up; cutting c off from a and b");

    await FaultInjection.BlackholeAsync(c, a);
    await FaultInjection.BlackholeAsync(c, b);

    await Task.WhenAll(
        a.Cluster.WaitForAsync(c.Cluster.UniqueNode, Cluster.MemberStatus.Removed, TimeSpan.FromSeconds(30)),
        b.Cluster.WaitForAsync(c.Cluster.UniqueNode, Cluster.MemberStatus.Removed, TimeSpan.FromSeconds(30)),
        c.Terminated.WaitAsync(TimeSpan.FromSeconds(30)));
    Say("sample", $"c was removed by a and b, and c shut itself down; a and b see {a.Cluster.MembershipSnapshot.CountWithStatus(Cluster.MemberStatus.Up)} members Up");
    exitCode = 0;
}
catch (Exception e)
{
    Say("sample", $"FAILED: {e.Message}");
}
finally
{
    await stop.CancelAsync();
    await Task.WhenAll(watchers);
    await Task.WhenAll(a.ShutdownAsync(), b.ShutdownAsync(), c.ShutdownAsync()).WaitAsync(TimeSpan.FromSeconds(30));
}
return exitCode;
