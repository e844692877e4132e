using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Akka.Actor;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// The node side of a multi-node run, inside a process started by the conductor through the node runner. It re-creates the
/// test class, re-runs the test method, and when that method reaches <see cref="MultiNodeSpec.RunAsync"/> runs the body as
/// its node. The process's exit code and the result reported to the conductor come from the body, never from the test method
/// (which may, for example, expect the run to fail).
/// </summary>
internal sealed class NodeProcess
{
    private readonly ControlChannel _channel;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ControlMessage>> _pending = new();
    private readonly TaskCompletionSource _addresses = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;
    private int _started;
    private ClusterSystem? _system;
    private volatile IReadOnlyDictionary<string, UniqueNode> _identities = new Dictionary<string, UniqueNode>();

    private NodeProcess(string node, string sharedDirectory, ControlChannel channel, NodeRestart? restart)
    {
        Node = node;
        SharedDirectory = sharedDirectory;
        _channel = channel;
        Restart = restart;
    }

    /// <summary>Set in a node process, null in the test process.</summary>
    public static NodeProcess? Current { get; private set; }

    public string Node { get; }

    public string SharedDirectory { get; }

    /// <summary>Null in a node's first process; in a restarted one, its incarnation, port, entry point and the node to join.</summary>
    public NodeRestart? Restart { get; }

    /// <summary>Every node's current identity by name (a restarted node's new incarnation once the conductor announced it).</summary>
    public IReadOnlyDictionary<string, UniqueNode> Identities => _identities;

    /// <summary>Entry point called by the node runner; never returns normally (the process exits with the node's result).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArguments(args);
        var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, int.Parse(options["conductor"], CultureInfo.InvariantCulture)).ConfigureAwait(false);
        var restart = options.TryGetValue("entry", out var entry)
            ? new NodeRestart(int.Parse(options["incarnation"], CultureInfo.InvariantCulture), int.Parse(options["port"], CultureInfo.InvariantCulture), entry, options["join"])
            : null;
        var process = new NodeProcess(options["node"], options["shared"], new ControlChannel(client), restart);
        Current = process;
        CapturingLogger.Echo = Console.Out.WriteLine;
        await process._channel.SendAsync(new ControlMessage { Kind = "hello", Node = process.Node, Incarnation = restart?.Incarnation ?? 1 }).ConfigureAwait(false);
        _ = process.ReadLoopAsync();
        var code = await process.RunTestMethodAsync(options["assembly"], options["type"], options["method"]).ConfigureAwait(false);
        await Console.Out.FlushAsync().ConfigureAwait(false);
        await Console.Error.FlushAsync().ConfigureAwait(false);
        // Akka and the test method may still hold threads; the node's result is final, so the process ends here.
        Environment.Exit(code);
        return code;
    }

    /// <summary>Called from <see cref="MultiNodeSpec.RunAsync"/> in a node process; the returned task never completes.</summary>
    public Task RunAsync(MultiNodeSpec spec, IReadOnlyList<string> names, MultiNodeOptions options, Func<MultiNodeControl, Task> body)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
            throw new InvalidOperationException("MultiNodeSpec.RunAsync was called twice in one test method; call it exactly once.");
        _ = RunBodyAsync(spec, names, options, body).ContinueWith(t => _outcome.TrySetResult(t.Result), TaskScheduler.Default);
        return new TaskCompletionSource().Task;
    }

    public async Task CheckpointAsync(string name, TimeSpan within) =>
        await RequestAsync(new ControlMessage { Kind = "enter", Name = name, WithinMs = (long)within.TotalMilliseconds }).ConfigureAwait(false);

    public Task KillAsync(string node) => RequestAsync(new ControlMessage { Kind = "kill", Node = node });

    public Task RestartAsync(string node, string entryPoint) => RequestAsync(new ControlMessage { Kind = "restart", Node = node, Name = entryPoint });

    public Task LinkAsync(string a, string b, LinkFault fault, LinkDirection direction) => RequestAsync(new ControlMessage
    {
        Kind = "link", Node = a, Other = b, Fault = fault.Kind, BytesPerSecond = fault.BytesPerSecond, Direction = direction,
    });

    public Task HealAsync() => RequestAsync(new ControlMessage { Kind = "heal" });

    public Task PauseAsync(string node, bool pause) => RequestAsync(new ControlMessage { Kind = pause ? "pause" : "resume", Node = node });

    private async Task<int> RunTestMethodAsync(string assemblyPath, string typeName, string methodName)
    {
        Task test;
        try
        {
            // The runner starts with the test assembly's deps.json, so the assembly loads by name into the default context
            // (the same one the kit is in).
            var assembly = Assembly.Load(new AssemblyName(Path.GetFileNameWithoutExtension(assemblyPath)));
            var type = assembly.GetType(typeName, throwOnError: true)!;
            var method = MultiNodeSpec.ResolveTestMethod(type, methodName);
            var constructor = MultiNodeSpec.CreateConstructor(type)!;
            var instance = constructor.Invoke(constructor.GetParameters().Length == 0 ? [] : [new ConsoleOutput()]);
            test = (Task)method.Invoke(instance, [])!;
        }
        catch (Exception e)
        {
            return await ReportFailureAsync(e is TargetInvocationException { InnerException: { } inner } ? inner : e).ConfigureAwait(false);
        }
        var first = await Task.WhenAny(test, _outcome.Task).ConfigureAwait(false);
        if (first == _outcome.Task) return _outcome.Task.Result;
        if (Volatile.Read(ref _started) == 1) return await _outcome.Task.ConfigureAwait(false);
        return await ReportFailureAsync(test.Exception?.GetBaseException()
            ?? new InvalidOperationException($"{typeName}.{methodName} returned without calling MultiNodeSpec.RunAsync.")).ConfigureAwait(false);
    }

    private async Task<int> RunBodyAsync(MultiNodeSpec spec, IReadOnlyList<string> names, MultiNodeOptions options, Func<MultiNodeControl, Task> body)
    {
        try
        {
            if (!names.Contains(Node))
                throw new InvalidOperationException($"This process runs node '{Node}', which is not in NodeNames ({string.Join(", ", names)}).");
            Func<MultiNodeControl, Task>? entry = null;
            if (Restart is not null && !options.EntryPoints.TryGetValue(Restart.EntryPoint, out entry))
                throw new InvalidOperationException($"Node '{Node}' was restarted with entry point '{Restart.EntryPoint}', which MultiNodeOptions.EntryPoints does not name.");
            var settings = spec.SettingsFor(Node, options);
            if (Restart is not null) settings.Node.Port = Restart.Port;
            _system = await ClusterSystem.StartAsync(settings).ConfigureAwait(false);
            _ = PrintEventsAsync(_system);
            await _channel.SendAsync(new ControlMessage { Kind = "ready", Address = NodeAddress.Of(_system.Cluster.UniqueNode) }).ConfigureAwait(false);
            await _addresses.Task.ConfigureAwait(false);
            var control = new MultiNodeControl(this, _system, names, options);
            if (Restart is not null)
            {
                // A new incarnation joins the node that restarted it (running, and a member) and runs its entry point once Up.
                _system.Cluster.Join(control[Restart.Join].Node);
                await _system.Cluster.WaitForAtLeastAsync(_system.Cluster.UniqueNode, Cluster.MemberStatus.Up, options.InitialJoinWithin).ConfigureAwait(false);
                await entry!(control).ConfigureAwait(false);
            }
            else
            {
                if (options.JoinOnStart)
                {
                    _system.Cluster.Join(control[names[0]].Node);
                    await _system.Cluster.WaitForAtLeastAsync(control.AllNodes, Cluster.MemberStatus.Up, options.InitialJoinWithin).ConfigureAwait(false);
                    await control.CheckpointAsync("cluster up", options.InitialJoinWithin).ConfigureAwait(false);
                }
                await body(control).ConfigureAwait(false);
            }
            // No node may leave while another still asserts on the cluster.
            await control.CheckpointAsync("end of test").ConfigureAwait(false);
            var shutdown = _system.ShutdownAsync();
            if (await Task.WhenAny(shutdown, Task.Delay(options.ShutdownWithin)).ConfigureAwait(false) != shutdown)
                await _system.ActorSystem.Terminate().ConfigureAwait(false);
            await _channel.SendAsync(new ControlMessage { Kind = "passed" }).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e)
        {
            return await ReportFailureAsync(e).ConfigureAwait(false);
        }
    }

    private async Task<int> ReportFailureAsync(Exception e)
    {
        var text = (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e).ToString();
        if (_system is { IsTerminated: false } system)
        {
            try
            {
                // The node's log is its standard output: the lines logged just before the failure explain it.
                await CapturingLogger.FlushAsync(system.ActorSystem, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
            catch (Exception flush) when (flush is AskTimeoutException or ActorNotFoundException)
            {
                // A system shutting down may have no logger left; the failure is still reported.
            }
        }
        await Console.Error.WriteLineAsync($"Node '{Node}' failed: {text}").ConfigureAwait(false);
        try
        {
            await _channel.SendAsync(new ControlMessage { Kind = "failed", Text = text }).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The conductor is gone; the exit code still says failed.
        }
        return 1;
    }

    private async Task<ControlMessage> RequestAsync(ControlMessage request)
    {
        request.Id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.Id] = reply;
        await _channel.SendAsync(request).ConfigureAwait(false);
        var answer = await reply.Task.ConfigureAwait(false);
        if (answer.Text is not null) throw new InvalidOperationException(answer.Text);
        return answer;
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _channel.ReadAsync().ConfigureAwait(false) is { } message)
            {
                switch (message.Kind)
                {
                    case "addresses":
                        _identities = message.Addresses!.ToDictionary(a => a.Key, a => a.Value.ToUniqueNode());
                        _addresses.TrySetResult();
                        break;
                    case "reply":
                        if (_pending.TryRemove(message.Id, out var reply)) reply.TrySetResult(message);
                        break;
                    case "throttle":
                        _ = ThrottleAsync(message);
                        break;
                }
            }
        }
        catch (IOException)
        {
        }
        // The conductor closed the channel: the run is over for this node, whatever it was doing.
        await Console.Error.WriteLineAsync($"Node '{Node}': the conductor closed the control channel; exiting.").ConfigureAwait(false);
        Environment.Exit(3);
    }

    private async Task ThrottleAsync(ControlMessage command)
    {
        string? error = null;
        try
        {
            if (_system is null) throw new InvalidOperationException($"Node '{Node}' has no cluster system yet.");
            await FaultInjection.ApplyAsync(_system, command.Address!.ToUniqueNode().Node, new LinkFault(command.Fault, command.BytesPerSecond)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = $"Node '{Node}' could not set {command.Fault} on the link to {command.Address}: {e.Message}";
        }
        await _channel.SendAsync(new ControlMessage { Kind = "ack", Id = command.Id, Text = error }).ConfigureAwait(false);
    }

    // Every event this node publishes goes into its log, stamped like Akka's lines, for the conductor's merged timeline.
    private static async Task PrintEventsAsync(ClusterSystem system)
    {
        try
        {
            await foreach (var e in system.Cluster.Events.ConfigureAwait(false))
                await Console.Out.WriteLineAsync($"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {Conductor.EventPrefix}{e}").ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The stream ends with the system; the timeline shows why, and the node goes on.
            await Console.Out.WriteLineAsync($"{DateTime.UtcNow.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {Conductor.EventPrefix}(event stream ended: {e.GetType().Name}: {e.Message})").ConfigureAwait(false);
        }
    }

    private static Dictionary<string, string> ParseArguments(string[] args)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected node runner argument '{args[i]}'.", nameof(args));
            parsed[args[i][2..]] = args[i + 1];
        }
        foreach (var required in new[] { "conductor", "node", "assembly", "type", "method", "shared" })
        {
            if (!parsed.ContainsKey(required))
                throw new ArgumentException($"The node runner needs --{required}; it is started by MultiNodeSpec.RunAsync, not by hand.", nameof(args));
        }
        return parsed;
    }

    private sealed class ConsoleOutput : ITestOutputHelper
    {
        public void WriteLine(string message) => Console.Out.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Console.Out.WriteLine(format, args);
    }
}
