// ClusterNode: starts one cluster node and shows the cluster as this node sees it. Run several in different terminals
// (see README.md) to watch a cluster form, and press Ctrl+C in one to watch it leave.
using System.Runtime.InteropServices;
using Akka.DistributedActors;
using Akka.DistributedActors.Management;
using ClusterNode;

NodeOptions options;
try
{
    options = NodeOptions.Parse(args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine("Run with --help to see the options.");
    return 2;
}
if (options.ShowHelp)
{
    Console.WriteLine(NodeOptions.Usage());
    return 0;
}

// The first SIGINT/SIGTERM starts a graceful leave. A second Ctrl+C is not cancelled, so the runtime ends the process at
// once; a repeated SIGTERM is ignored, because process managers (and `dotnet run`, to its child) may send it more than once.
var stopRequested = new TaskCompletionSource<PosixSignal>(TaskCreationOptions.RunContinuationsAsynchronously);
void OnSignal(PosixSignalContext context)
{
    if (stopRequested.TrySetResult(context.Signal) || context.Signal == PosixSignal.SIGTERM)
        context.Cancel = true;
    else
        Console.Error.WriteLine($"{MembershipPrinter.Now()} {context.Signal} again: exiting without waiting for the leave to finish.");
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

// Before the system starts, so that its first cluster changes are exported too.
using var telemetry = NodeTelemetry.Start(options);

ClusterSystem system;
try
{
    system = await ClusterSystem.StartAsync(options.Name, options.Apply);
}
catch (ClusterSystemSettingsException e)
{
    // E.g. a port that is already in use: still a problem with an option the user gave.
    Console.Error.WriteLine($"error: {NodeOptions.OptionFor(e.SettingName)}: {NodeOptions.Problem(e)}");
    return 2;
}

var self = system.Cluster.UniqueNode;
Console.WriteLine($"{MembershipPrinter.Now()} started {self.SystemName} at {MembershipPrinter.Endpoint(self)} (nid {self.Nid}).");
Console.WriteLine($"{MembershipPrinter.Now()} other nodes join this one with: --join {MembershipPrinter.Endpoint(self)}");
ManagementEndpoint? management = null;
if (options.ManagementPort is { } managementPort)
{
    try
    {
        management = await ClusterManagement.StartAsync(system, new ManagementSettings { Port = managementPort });
    }
    catch (ClusterSystemSettingsException e)
    {
        Console.Error.WriteLine($"error: {NodeOptions.OptionFor(e.SettingName)}: {NodeOptions.Problem(e)}");
        await system.ShutdownAsync();
        return 2;
    }
    Console.WriteLine($"{MembershipPrinter.Now()} management endpoint at {management.Uri} (cluster/members, health/alive, health/ready)");
    Console.WriteLine($"{MembershipPrinter.Now()} dashboard: {new Uri(management.Uri, "dashboard")}");
}
if (options.Discovery is { } discovery)
    Console.WriteLine($"{MembershipPrinter.Now()} discovering nodes with {discovery}");
var printing = PrintEventsAsync(system);
foreach (var node in options.Join)
{
    Console.WriteLine($"{MembershipPrinter.Now()} joining {node.Host}:{node.Port}");
    system.Cluster.Join(node);
}

// A join that is given up ends the program: a node left alone in Joining would only look like it works.
using var stopWatchingJoin = new CancellationTokenSource();
var joinGivenUp = WatchJoinAsync(system, options.Join.Count > 0, stopWatchingJoin.Token);
var first = await Task.WhenAny(stopRequested.Task, system.Terminated, joinGivenUp);
if (first == joinGivenUp && joinGivenUp.Result is { } reason)
{
    Console.Error.WriteLine($"{MembershipPrinter.Now()} error: {reason}");
    await system.ShutdownAsync();
    if (management is not null) await management.DisposeAsync();
    await printing;
    return 1;
}
stopWatchingJoin.Cancel();
if (await Task.WhenAny(stopRequested.Task, system.Terminated) == stopRequested.Task)
{
    Console.WriteLine($"{MembershipPrinter.Now()} {stopRequested.Task.Result} received.");
    await LeaveAsync(system, options.LeaveTimeout);
}
else
{
    Console.WriteLine($"{MembershipPrinter.Now()} the actor system terminated (this node was removed from the cluster).");
}
await system.ShutdownAsync();
if (management is not null) await management.DisposeAsync();
await printing;
Console.WriteLine($"{MembershipPrinter.Now()} stopped.");
return 0;

// The reason the join was given up, or null once this node is Up (or when there is no --join).
static async Task<string?> WatchJoinAsync(ClusterSystem system, bool joining, CancellationToken cancellationToken)
{
    if (!joining) return null;
    try
    {
        await system.Cluster.JoinedAsync(Timeout.InfiniteTimeSpan, cancellationToken);
        return null;
    }
    catch (Cluster.MembershipError e) when (e.Kind == Cluster.MembershipError.ErrorKind.JoinGivenUp)
    {
        return e.Message;
    }
    catch (Exception e) when (e is OperationCanceledException or Cluster.MembershipError)
    {
        return null;
    }
}

static async Task LeaveAsync(ClusterSystem system, TimeSpan timeout)
{
    var self = system.Cluster.Member;
    if (self.Status == Cluster.MemberStatus.Joining && system.Cluster.MembershipSnapshot.Count <= 1)
    {
        Console.WriteLine($"{MembershipPrinter.Now()} not a member of a cluster yet; shutting down.");
        return;
    }
    Console.WriteLine($"{MembershipPrinter.Now()} leaving the cluster (waiting up to {timeout.TotalSeconds:0}s to be removed)...");
    system.Cluster.Leave();
    try
    {
        // Success needs no line of its own: the event printer shows this node's Removed change.
        await system.Cluster.WaitForAsync(self.Node, Cluster.MemberStatus.Removed, timeout);
    }
    catch (Cluster.MembershipError e)
    {
        Console.WriteLine($"{MembershipPrinter.Now()} leave did not complete: {e.Message}");
    }
}

// Prints each event as a line, and the table once a burst of events has been applied (when no further event is already
// waiting), so that a burst of changes gives one table, not one per event.
static async Task PrintEventsAsync(ClusterSystem system)
{
    await Task.Yield();
    var membership = Cluster.Membership.Empty;
    var self = system.Cluster.UniqueNode;
    var tablePending = false;
    await using var events = system.Cluster.Events.GetAsyncEnumerator();
    var next = events.MoveNextAsync();
    while (true)
    {
        if (!next.IsCompleted && tablePending)
        {
            Console.Write(MembershipPrinter.Table(membership, self));
            tablePending = false;
        }
        if (!await next) break;
        var e = events.Current;
        membership = membership.Apply(e);
        Console.WriteLine($"{MembershipPrinter.Now()} {MembershipPrinter.EventLine(e)}");
        tablePending = true;
        next = events.MoveNextAsync();
    }
    if (tablePending) Console.Write(MembershipPrinter.Table(membership, self));
}
