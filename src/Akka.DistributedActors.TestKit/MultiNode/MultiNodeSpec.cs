using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Base class for xunit tests whose nodes each run in their own OS process. A test method calls <see cref="RunAsync"/> once
/// with the body every node runs; the test process becomes the conductor: it starts one node process per name in
/// <see cref="NodeNames"/>, serves checkpoints, kills and link faults, enforces the hard timeout, and fails the test with
/// every node's failure and one merged timeline of the nodes' events, the conductor's actions and the nodes' logs. Each node process re-creates the test class and re-runs the test method, so everything
/// before <see cref="RunAsync"/> must be deterministic, and the test class needs a public constructor taking nothing or an
/// <see cref="ITestOutputHelper"/>.
/// </summary>
public abstract partial class MultiNodeSpec
{
    /// <summary>Creates the spec; pass xunit's output helper to also see node logs of passing runs (<see cref="MultiNodeOptions.AlwaysWriteNodeLogs"/>).</summary>
    protected MultiNodeSpec(ITestOutputHelper? output = null) => Output = output;

    /// <summary>The test output (in a node process: that process's standard output).</summary>
    protected ITestOutputHelper? Output { get; }

    /// <summary>The names of the nodes, one process each; the first is the one every node joins on start.</summary>
    protected abstract IReadOnlyList<string> NodeNames { get; }

    /// <summary>Override to change the options of every test of the class.</summary>
    protected virtual void ConfigureMultiNode(MultiNodeOptions options) { }

    /// <summary>Override to change a node's settings (after <see cref="TestSettings"/>); runs in that node's process.</summary>
    protected virtual void ConfigureSettings(string node, ClusterSystemSettings settings) { }

    /// <summary>
    /// Runs <paramref name="body"/> on every node, each in its own process, and completes when all nodes passed; throws
    /// <see cref="MultiNodeSpecException"/> otherwise. Call it once, directly from a public parameterless test method.
    /// </summary>
    protected Task RunAsync(Func<MultiNodeControl, Task> body, Action<MultiNodeOptions>? configure = null, [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(body);
        var options = new MultiNodeOptions();
        ConfigureMultiNode(options);
        configure?.Invoke(options);
        var names = CheckNodeNames(NodeNames);
        if (NodeProcess.Current is { } node) return node.RunAsync(this, names, options, body);
        return ConductAsync(names, options, ResolveTestMethod(GetType(), testMethod));
    }

    internal ClusterSystemSettings SettingsFor(string node, MultiNodeOptions options) =>
        TestSettings.Create(node, s => ConfigureSettings(node, s), s => options.ConfigureSettings?.Invoke(node, s));

    private async Task ConductAsync(IReadOnlyList<string> names, MultiNodeOptions options, MethodInfo method)
    {
        var conductor = new Conductor(names, options, NodeLaunch.For(method));
        var (failures, reports, timeline) = await conductor.RunAsync().ConfigureAwait(false);
        if (failures.Count > 0)
        {
            string? file = null;
            try
            {
                file = timeline.WriteFile($"{method.DeclaringType?.Name}.{method.Name}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures = [.. failures, $"(could not write the timeline: {e.Message})"];
            }
            throw new MultiNodeSpecException(Describe(method, failures, reports, timeline, file), failures, reports, timeline, file);
        }
        if (options.AlwaysWriteNodeLogs && Output is not null)
            foreach (var report in reports) WriteLog(report, Output.WriteLine);
    }

    internal static MethodInfo ResolveTestMethod(Type type, string name)
    {
        var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (method is null || !typeof(Task).IsAssignableFrom(method.ReturnType))
            throw new InvalidOperationException(
                $"MultiNodeSpec.RunAsync must be called directly from a public parameterless test method returning Task; {type.FullName}.{name} is not one (theories are not supported: each node process re-runs the method without arguments).");
        if (CreateConstructor(type) is null)
            throw new InvalidOperationException(
                $"{type.FullName} needs a public constructor taking nothing or an ITestOutputHelper: each node process creates the test class itself.");
        return method;
    }

    internal static ConstructorInfo? CreateConstructor(Type type) =>
        type.GetConstructor(Type.EmptyTypes) ?? type.GetConstructor([typeof(ITestOutputHelper)]);

    private static IReadOnlyList<string> CheckNodeNames(IReadOnlyList<string>? names)
    {
        if (names is null || names.Count == 0)
            throw new InvalidOperationException("MultiNodeSpec.NodeNames must name at least one node.");
        foreach (var name in names)
        {
            if (name is null || !ValidName().IsMatch(name))
                throw new InvalidOperationException($"MultiNodeSpec.NodeNames: '{name}' is not a valid node name (letters, digits, '-' and '_', starting with a letter or digit).");
        }
        var duplicate = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"MultiNodeSpec.NodeNames: '{duplicate.Key}' appears more than once.");
        return names.ToArray();
    }

    private static string Describe(MethodInfo method, IReadOnlyList<string> failures, IReadOnlyList<MultiNodeReport> reports, Timeline timeline, string? file)
    {
        var lines = new List<string> { $"Multi-node spec {method.DeclaringType?.Name}.{method.Name} failed:" };
        lines.AddRange(failures.Select(f => "  - " + f));
        lines.Add("Nodes: " + string.Join("; ", reports));
        if (file is not null) lines.Add($"Whole timeline (every log line): {file}; each node's log: MultiNodeSpecException.Nodes.");
        lines.Add(timeline.Summary());
        return string.Join(Environment.NewLine, lines);
    }

    private static void WriteLog(MultiNodeReport report, Action<string> write)
    {
        write($"----- log of node '{report.Name}' (pid {report.ProcessId}, {report.Outcome}, {report.Log.Count} lines) -----");
        foreach (var line in report.Log) write(line);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex ValidName();
}
