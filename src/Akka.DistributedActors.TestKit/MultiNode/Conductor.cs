using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// The test-process side of a multi-node run: starts one process per node, serves the control channel (addresses,
/// checkpoints, kills, restarts, link faults), records the first failure, kills hung or surplus processes, collects every log
/// and keeps the timeline of its own actions. All state changes happen under one lock; messages are sent outside it.
/// </summary>
internal sealed class Conductor
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyList<string> _names;
    private readonly MultiNodeOptions _options;
    private readonly NodeLaunch _launch;
    private readonly Dictionary<string, NodeHandle> _nodes;
    private readonly object _gate = new();
    private readonly List<string> _failures = [];
    private readonly HashSet<(string, string)> _faultedLinks = [];
    private readonly List<(DateTime At, string Node, string Text)> _actions = [];
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ControlMessage>> _pending = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private Checkpoint? _checkpoint;
    private bool _addressesSent;
    private int _conductorPort;
    private string _shared = "";

    public Conductor(IReadOnlyList<string> names, MultiNodeOptions options, NodeLaunch launch)
    {
        _names = names;
        _options = options;
        _launch = launch;
        _nodes = names.ToDictionary(n => n, n => new NodeHandle(n), StringComparer.Ordinal);
    }

    public DateTime Started { get; } = DateTime.UtcNow;

    public async Task<(IReadOnlyList<string> Failures, IReadOnlyList<MultiNodeReport> Nodes, Timeline Timeline)> RunAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var shared = Directory.CreateTempSubdirectory("dda-multinode-");
        _conductorPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        _shared = shared.FullName;
        try
        {
            _ = AcceptLoopAsync(listener);
            foreach (var name in _names)
            {
                try
                {
                    Start(_nodes[name], restart: null);
                }
                catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
                {
                    lock (_gate)
                    {
                        _nodes[name].State = NodeState.Failed;
                        _nodes[name].Process = null;
                    }
                    Fail($"Could not start the process of node '{name}' ({_launch.Dotnet}): {e.Message}");
                    break;
                }
            }
            if (await Task.WhenAny(_finished.Task, Task.Delay(_options.HardTimeout)).ConfigureAwait(false) != _finished.Task)
            {
                lock (_gate)
                {
                    Fail($"Hard timeout: the run did not finish within {_options.HardTimeout.TotalSeconds:0.#}s; still running (killed): " +
                         string.Join(", ", Live().Select(n => n.Name)) +
                         (_checkpoint is { } c ? $"; pending checkpoint '{c.Name}' reached by {string.Join(", ", c.Arrived)}." : "."));
                }
            }
            await StopAllAsync().ConfigureAwait(false);
        }
        finally
        {
            listener.Stop();
            foreach (var node in _nodes.Values) node.Channel?.Dispose();
            try
            {
                shared.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file still open by a dying process; the temp directory is cleaned by the OS eventually.
            }
        }
        lock (_gate)
        {
            var reports = _names.Select(n => _nodes[n].Report()).ToArray();
            return (_failures.ToArray(), reports, BuildTimeline());
        }
    }

    /// <summary>The conductor's actions and every node's log (with its events, which node processes print as <c>[Event]</c> lines), in time order.</summary>
    private Timeline BuildTimeline()
    {
        var entries = _actions.Select(a => new TimelineEntry(a.At - Started, a.Node, TimelineEntryKind.Action, a.Text)).ToList();
        foreach (var node in _nodes.Values)
        {
            foreach (var (received, label, line) in node.Log)
            {
                // A line stamped by Akka's logger (or the node's event printer) carries its own time; other lines (console
                // output, standard error, stack traces) the time they were read.
                var (at, text) = Timeline.ParseLogLine(line, Started) ?? (received, line);
                var kind = text.StartsWith(EventPrefix, StringComparison.Ordinal) ? TimelineEntryKind.Event : TimelineEntryKind.Log;
                entries.Add(new TimelineEntry(at - Started, label, kind, kind == TimelineEntryKind.Event ? text[EventPrefix.Length..] : text));
            }
        }
        return new Timeline(Started, entries);
    }

    /// <summary>How a node process prints each cluster event it publishes, after the time: <c>HH:mm:ss.fff [Event] ...</c>.</summary>
    internal const string EventPrefix = "[Event] ";

    private void Act(string node, string text)
    {
        lock (_gate) _actions.Add((DateTime.UtcNow, node, text));
    }

    private void Start(NodeHandle node, NodeRestart? restart)
    {
        var process = new Process { StartInfo = _launch.StartInfo(node.Name, _conductorPort, _shared, restart), EnableRaisingEvents = true };
        var label = node.Label(restart?.Incarnation ?? 1);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null) node.Log.Enqueue((DateTime.UtcNow, label, e.Data));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) node.Log.Enqueue((DateTime.UtcNow, label, "[stderr] " + e.Data));
        };
        TaskCompletionSource closed;
        lock (_gate)
        {
            node.Process = process;
            closed = node.ChannelClosed;
        }
        var incarnation = restart?.Incarnation ?? 1;
        process.Exited += (_, _) => _ = OnExitedAsync(node, incarnation, closed);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Act(TimelineRecorder.Kit, $"start {label} (pid {process.Id})" + (restart is null ? "" : $" on port {restart.Port}, entry point '{restart.EntryPoint}', joining {restart.Join}"));
    }

    private async Task OnExitedAsync(NodeHandle node, int incarnation, TaskCompletionSource channelClosed)
    {
        // The exit can be observed before the last lines the node sent ("passed", "failed") are read; those decide first.
        await Task.WhenAny(channelClosed.Task, Task.Delay(ExitWait)).ConfigureAwait(false);
        lock (_gate)
        {
            // A restarted node's earlier incarnation was killed on purpose; its exit says nothing about the run.
            if (node.Incarnation == incarnation && node.State is NodeState.Starting or NodeState.Running)
            {
                node.State = NodeState.Failed;
                node.Failure = $"exited with code {SafeExitCode(node.Process)} before reporting a result";
                _failures.Add($"Node '{node.Name}' {node.Failure}.");
            }
        }
        CheckFinished();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(new ControlChannel(client));
        }
    }

    private async Task ServeAsync(ControlChannel channel)
    {
        NodeHandle? node = null;
        TaskCompletionSource? closed = null;
        try
        {
            var hello = await channel.ReadAsync().ConfigureAwait(false);
            if (hello is not { Kind: "hello", Node: { } name } || !_nodes.TryGetValue(name, out node))
            {
                channel.Dispose();
                return;
            }
            lock (_gate)
            {
                if (Math.Max(hello.Incarnation, 1) != node.Incarnation)
                {
                    channel.Dispose();
                    return;
                }
                node.Channel = channel;
                closed = node.ChannelClosed;
                if (node.State == NodeState.Starting) node.State = NodeState.Running;
            }
            while (await channel.ReadAsync().ConfigureAwait(false) is { } message) Handle(node, message);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or System.Text.Json.JsonException)
        {
            // The node process went away; its exit is handled by OnExitedAsync.
        }
        finally
        {
            closed?.TrySetResult();
        }
    }

    private void Handle(NodeHandle node, ControlMessage message)
    {
        switch (message.Kind)
        {
            case "ready":
                OnReady(node, message.Address!);
                break;
            case "enter":
                OnEnter(node, message.Id, message.Name!, TimeSpan.FromMilliseconds(message.WithinMs));
                break;
            case "kill":
                Serve(node, message.Id, () => KillAsync(node, message.Node!));
                break;
            case "restart":
                Serve(node, message.Id, () => RestartAsync(node, message.Node!, message.Name!));
                break;
            case "link":
                Serve(node, message.Id, () => SetLinkAsync(node.Name, message.Node!, message.Other!,
                    new LinkFault(message.Fault, message.BytesPerSecond), message.Direction));
                break;
            case "heal":
                Serve(node, message.Id, () => HealAsync(node.Name));
                break;
            case "pause":
            case "resume":
                Serve(node, message.Id, () => PauseAsync(node.Name, message.Node!, message.Kind == "pause"));
                break;
            case "ack":
                if (_pending.TryRemove(message.Id, out var ack)) ack.TrySetResult(message);
                break;
            case "passed":
                lock (_gate)
                {
                    if (node.State == NodeState.Running) node.State = NodeState.Passed;
                }
                Act(node.Label(), "passed");
                CheckFinished();
                break;
            case "failed":
                lock (_gate)
                {
                    if (node.State is NodeState.Starting or NodeState.Running)
                    {
                        node.State = NodeState.Failed;
                        node.Failure = message.Text;
                        _failures.Add($"Node '{node.Name}' failed: {message.Text}");
                        _actions.Add((DateTime.UtcNow, node.Label(), "failed: " + message.Text?.Split('\n')[0]));
                    }
                }
                CheckFinished();
                break;
        }
    }

    private void OnReady(NodeHandle node, NodeAddress address)
    {
        List<NodeHandle> all;
        Dictionary<string, NodeAddress> addresses;
        lock (_gate)
        {
            node.Address = address;
            node.Ready.TrySetResult();
            // A restarted node's new identity goes to every node still running, so node["name"] names the new incarnation.
            if (_addressesSent ? node.Incarnation == 1 : _nodes.Values.Any(n => n.Address is null || n.Channel is null)) return;
            _addressesSent = true;
            all = _nodes.Values.Where(IsLive).ToList();
            addresses = _nodes.Values.Where(n => n.Address is not null).ToDictionary(n => n.Name, n => n.Address!);
        }
        foreach (var n in all) Send(n, new ControlMessage { Kind = "addresses", Addresses = addresses });
    }

    private void OnEnter(NodeHandle node, long id, string name, TimeSpan within)
    {
        lock (_gate)
        {
            if (!IsLive(node)) return;
            if (_checkpoint is null)
            {
                var checkpoint = new Checkpoint(name, within);
                _checkpoint = checkpoint;
                _ = Task.Delay(within, checkpoint.Timer.Token).ContinueWith(_ => OnCheckpointTimeout(checkpoint),
                    CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
            else if (_checkpoint.Name != name)
            {
                Fail($"Node '{node.Name}' entered checkpoint '{name}' while checkpoint '{_checkpoint.Name}' was pending (reached by {string.Join(", ", _checkpoint.Arrived)}).");
                return;
            }
            if (!_checkpoint.Arrived.Add(node.Name))
            {
                Fail($"Node '{node.Name}' entered checkpoint '{name}' twice.");
                return;
            }
            _checkpoint.Waiting.Add((node, id));
            _actions.Add((DateTime.UtcNow, node.Label(), $"enter checkpoint '{name}'"));
        }
        TryPassCheckpoint();
    }

    private void TryPassCheckpoint()
    {
        List<(NodeHandle Node, long Id)> release;
        lock (_gate)
        {
            if (_checkpoint is not { } checkpoint || Live().Any(n => !checkpoint.Arrived.Contains(n.Name)) || _failures.Count > 0) return;
            _checkpoint = null;
            checkpoint.Timer.Cancel();
            release = checkpoint.Waiting.Where(w => IsLive(w.Node)).ToList();
            _actions.Add((DateTime.UtcNow, TimelineRecorder.Kit, $"checkpoint '{checkpoint.Name}' passed by {string.Join(", ", checkpoint.Arrived)}"));
        }
        foreach (var (node, id) in release) Send(node, new ControlMessage { Kind = "reply", Id = id });
    }

    private void OnCheckpointTimeout(Checkpoint checkpoint)
    {
        lock (_gate)
        {
            if (_checkpoint != checkpoint) return;
            var missing = Live().Where(n => !checkpoint.Arrived.Contains(n.Name)).Select(n => n.Name);
            Fail($"Checkpoint '{checkpoint.Name}' timed out after {checkpoint.Within.TotalSeconds:0.#}s: {string.Join(", ", missing)} did not arrive (arrived: {string.Join(", ", checkpoint.Arrived)}).");
        }
    }

    private void Serve(NodeHandle requester, long id, Func<Task> action) => _ = Task.Run(async () =>
    {
        string? error = null;
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e.Message;
        }
        Send(requester, new ControlMessage { Kind = "reply", Id = id, Text = error });
    });

    private async Task KillAsync(NodeHandle requester, string name)
    {
        var target = Find(name);
        Process process;
        lock (_gate)
        {
            if (target == requester) throw new InvalidOperationException($"Node '{name}' cannot kill itself; kill it from another node.");
            if (!IsLive(target)) throw new InvalidOperationException($"Node '{name}' cannot be killed: it is {target.State}.");
            target.State = NodeState.Killed;
            process = target.Process!;
            Forget(target);
        }
        Act(requester.Label(), $"kill {target.Label()}");
        process.Kill(entireProcessTree: true);
        await WaitForExitAsync(process).ConfigureAwait(false);
        TryPassCheckpoint();
    }

    /// <summary>
    /// Kills <paramref name="name"/> if it still runs, heals its links (a fault is keyed by address and would cut off the new
    /// incarnation too), starts a new process for it on the same port that runs <paramref name="entryPoint"/> after joining the
    /// requester, and returns once the new incarnation's address has gone to every running node.
    /// </summary>
    private async Task RestartAsync(NodeHandle requester, string name, string entryPoint)
    {
        var target = Find(name);
        Process? old;
        int port;
        lock (_gate)
        {
            if (target == requester) throw new InvalidOperationException($"Node '{name}' cannot restart itself; restart it from another node.");
            if (target.State is NodeState.Failed or NodeState.Aborted)
                throw new InvalidOperationException($"Node '{name}' cannot be restarted: it {(target.State == NodeState.Failed ? "failed" : "was aborted")}.");
            port = target.Address?.Port ?? throw new InvalidOperationException($"Node '{name}' cannot be restarted: it never reported its address.");
            old = IsLive(target) ? target.Process : null;
            target.State = NodeState.Killed;
            Forget(target);
        }
        Act(requester.Label(), $"restart {target.Label()} with entry point '{entryPoint}'");
        if (old is not null)
        {
            old.Kill(entireProcessTree: true);
            await WaitForExitAsync(old).ConfigureAwait(false);
        }
        await HealAsync(requester.Name, name).ConfigureAwait(false);
        NodeRestart restart;
        lock (_gate)
        {
            target.Incarnation++;
            target.State = NodeState.Starting;
            target.Channel = null;
            target.Address = null;
            target.ChannelClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            target.Ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            restart = new NodeRestart(target.Incarnation, port, entryPoint, requester.Name);
            target.Log.Enqueue((DateTime.UtcNow, target.Label(), $"----- incarnation {target.Incarnation} of node '{name}' -----"));
        }
        try
        {
            Start(target, restart);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            lock (_gate) target.State = NodeState.Failed;
            Fail($"Could not start the process of node '{name}' again ({_launch.Dotnet}): {e.Message}");
            throw;
        }
        await target.Ready.Task.WaitAsync(_options.DefaultWithin).ConfigureAwait(false);
    }

    private async Task SetLinkAsync(string requester, string a, string b, LinkFault fault, LinkDirection direction)
    {
        var (x, y) = (Find(a), Find(b));
        if (x == y) throw new InvalidOperationException($"A link needs two different nodes; got '{a}' twice.");
        Act(requester, fault.Describe(a, b, direction));
        var heal = fault.Kind == LinkFaultKind.PassThrough;
        await Task.WhenAll(
            heal || direction is LinkDirection.Both or LinkDirection.AToB ? ApplyAsync(x, y, fault) : Task.CompletedTask,
            heal || direction is LinkDirection.Both or LinkDirection.BToA ? ApplyAsync(y, x, fault) : Task.CompletedTask).ConfigureAwait(false);
        var key = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
        lock (_gate)
        {
            if (heal) _faultedLinks.Remove(key);
            else _faultedLinks.Add(key);
        }
    }

    /// <summary>Heals every faulted link, or only those of <paramref name="of"/>.</summary>
    private async Task HealAsync(string requester, string? of = null)
    {
        List<(string, string)> links;
        lock (_gate) links = _faultedLinks.Where(l => of is null || l.Item1 == of || l.Item2 == of).ToList();
        if (of is null) Act(requester, "heal all");
        foreach (var (a, b) in links) await SetLinkAsync(requester, a, b, LinkFault.PassThrough, LinkDirection.Both).ConfigureAwait(false);
    }

    private async Task PauseAsync(string requester, string name, bool pause)
    {
        var node = Find(name);
        List<string> others;
        lock (_gate)
        {
            others = pause
                ? _nodes.Values.Where(n => n != node && IsLive(n)).Select(n => n.Name).ToList()
                : _faultedLinks.Where(l => l.Item1 == name || l.Item2 == name).Select(l => l.Item1 == name ? l.Item2 : l.Item1).ToList();
        }
        Act(requester, $"{(pause ? "pause" : "resume")} {name}");
        foreach (var other in others)
            await SetLinkAsync(requester, name, other, pause ? LinkFault.Blackhole : LinkFault.PassThrough, LinkDirection.Both).ConfigureAwait(false);
    }

    // Tells `from` to set its side of the link to `to`; a node that is no longer running has no side to change.
    private async Task ApplyAsync(NodeHandle from, NodeHandle to, LinkFault fault)
    {
        NodeAddress target;
        lock (_gate)
        {
            if (!IsLive(from)) return;
            target = to.Address ?? throw new InvalidOperationException($"Node '{to.Name}' has not started its cluster system yet.");
        }
        var id = Interlocked.Increment(ref _nextId);
        var ack = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = ack;
        Send(from, new ControlMessage { Kind = "throttle", Id = id, Address = target, Fault = fault.Kind, BytesPerSecond = fault.BytesPerSecond });
        var reply = await ack.Task.WaitAsync(_options.DefaultWithin).ConfigureAwait(false);
        if (reply.Text is not null) throw new InvalidOperationException(reply.Text);
    }

    // A killed process's arrival at the pending checkpoint no longer counts: its next incarnation must arrive itself.
    private void Forget(NodeHandle node)
    {
        if (_checkpoint is not { } checkpoint) return;
        checkpoint.Arrived.Remove(node.Name);
        checkpoint.Waiting.RemoveAll(w => w.Node == node);
    }

    private NodeHandle Find(string name) =>
        _nodes.TryGetValue(name, out var node) ? node : throw new InvalidOperationException($"Unknown node '{name}'.");

    private void Send(NodeHandle node, ControlMessage message)
    {
        var channel = node.Channel;
        if (channel is null) return;
        _ = channel.SendAsync(message).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    private void Fail(string failure)
    {
        lock (_gate) _failures.Add(failure);
        _finished.TrySetResult();
    }

    private void CheckFinished()
    {
        bool done;
        lock (_gate) done = _failures.Count > 0 || !Live().Any();
        if (done) _finished.TrySetResult();
        else TryPassCheckpoint();
    }

    // Once the run is decided, every process still running is killed; a passed process is only given time to exit.
    private async Task StopAllAsync()
    {
        List<Process> processes;
        lock (_gate)
        {
            foreach (var node in Live()) node.State = NodeState.Aborted;
            processes = _nodes.Values.Select(n => n.Process).OfType<Process>().ToList();
        }
        foreach (var process in processes)
        {
            if (!HasExited(process) && _nodes.Values.First(n => n.Process == process).State != NodeState.Passed)
                process.Kill(entireProcessTree: true);
        }
        await Task.WhenAll(processes.Select(WaitForExitAsync)).ConfigureAwait(false);
        foreach (var node in _nodes.Values.Where(n => n.State == NodeState.Passed && n.Process is { } p && (!HasExited(p) || p.ExitCode != 0)))
        {
            lock (_gate) _failures.Add($"Node '{node.Name}' passed but its process {(HasExited(node.Process!) ? $"exited with code {node.Process!.ExitCode}" : "did not exit; killed")}.");
            if (!HasExited(node.Process!)) node.Process!.Kill(entireProcessTree: true);
        }
    }

    private static async Task WaitForExitAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(ExitWait);
        try
        {
            // Also waits until the redirected output has been read to its end.
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static int? SafeExitCode(Process? process)
    {
        try
        {
            return process is not null && process.HasExited ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private IEnumerable<NodeHandle> Live() => _nodes.Values.Where(IsLive);

    private static bool IsLive(NodeHandle node) => node.State is NodeState.Starting or NodeState.Running;

    private enum NodeState
    {
        Starting,
        Running,
        Passed,
        Failed,
        Killed,
        Aborted,
    }

    private sealed class NodeHandle(string name)
    {
        public string Name { get; } = name;

        /// <summary>Each line the node's processes wrote: when it was read, the incarnation's label, the line.</summary>
        public ConcurrentQueue<(DateTime Received, string Label, string Line)> Log { get; } = new();

        public Process? Process { get; set; }

        public ControlChannel? Channel { get; set; }

        public int Incarnation { get; set; } = 1;

        public TaskCompletionSource ChannelClosed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Ready { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The node's name, with <c>#2</c>, <c>#3</c> for later incarnations.</summary>
        public string Label(int? incarnation = null) => (incarnation ?? Incarnation) == 1 ? Name : $"{Name}#{incarnation ?? Incarnation}";

        public NodeAddress? Address { get; set; }

        public NodeState State { get; set; }

        public string? Failure { get; set; }

        public MultiNodeReport Report()
        {
            var outcome = State switch
            {
                NodeState.Passed => MultiNodeOutcome.Passed,
                NodeState.Killed => MultiNodeOutcome.Killed,
                NodeState.Aborted => MultiNodeOutcome.Aborted,
                _ => MultiNodeOutcome.Failed,
            };
            int pid;
            try
            {
                pid = Process?.Id ?? 0;
            }
            catch (InvalidOperationException)
            {
                pid = 0;
            }
            return new MultiNodeReport(Name, pid, outcome, SafeExitCode(Process), Failure, Log.Select(l => l.Line).ToArray());
        }
    }

    private sealed class Checkpoint(string name, TimeSpan within)
    {
        public string Name { get; } = name;

        public TimeSpan Within { get; } = within;

        public HashSet<string> Arrived { get; } = [];

        public List<(NodeHandle Node, long Id)> Waiting { get; } = [];

        public CancellationTokenSource Timer { get; } = new();
    }
}
