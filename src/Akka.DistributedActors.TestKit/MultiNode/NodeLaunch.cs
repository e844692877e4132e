using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Akka.DistributedActors.TestKit;

/// <summary>Everything needed to start a node process for one test method: the runner, run with the test assembly's dependencies.</summary>
internal sealed record NodeLaunch(string Dotnet, string Runner, string DepsFile, string RuntimeConfig, string Assembly, string Type, string Method)
{
    public const string RunnerFileName = "Akka.DistributedActors.TestKit.NodeRunner.dll";

    public static NodeLaunch For(MethodInfo method)
    {
        var type = method.DeclaringType!;
        var assembly = type.Assembly.Location;
        var directory = Path.GetDirectoryName(assembly)!;
        var launch = new NodeLaunch(DotnetHost(), Path.Combine(directory, RunnerFileName), Path.ChangeExtension(assembly, ".deps.json"),
            Path.ChangeExtension(assembly, ".runtimeconfig.json"), assembly, type.FullName!, method.Name);
        foreach (var (file, why) in new[]
                 {
                     (launch.Runner, "the node runner (it comes with the Akka.DistributedActors.TestKit reference)"),
                     (launch.DepsFile, "the test assembly's deps.json"),
                     (launch.RuntimeConfig, "the test assembly's runtimeconfig.json (test projects are executables)"),
                 })
        {
            if (!File.Exists(file)) throw new InvalidOperationException($"Cannot start node processes: {why} is missing at {file}.");
        }
        return launch;
    }

    /// <summary>How to start <paramref name="node"/>; a restart adds its incarnation, port, entry point and the node to join.</summary>
    public ProcessStartInfo StartInfo(string node, int conductorPort, string sharedDirectory, NodeRestart? restart = null)
    {
        var info = new ProcessStartInfo(Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Assembly)!,
        };
        foreach (var arg in new[]
                 {
                     "exec", "--depsfile", DepsFile, "--runtimeconfig", RuntimeConfig, Runner,
                     "--conductor", conductorPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--node", node, "--assembly", Assembly, "--type", Type, "--method", Method, "--shared", sharedDirectory,
                 })
        {
            info.ArgumentList.Add(arg);
        }
        if (restart is not null)
        {
            foreach (var arg in new[]
                     {
                         "--incarnation", restart.Incarnation.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--port", restart.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                         "--entry", restart.EntryPoint, "--join", restart.Join,
                     })
            {
                info.ArgumentList.Add(arg);
            }
        }
        return info;
    }

    // The test host may itself run under the dotnet muxer (then reuse it) or as an apphost; otherwise the muxer sits three
    // levels above the shared runtime directory.
    private static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } current && Path.GetFileName(current).Equals(exe, StringComparison.OrdinalIgnoreCase))
            return current;
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
            return hostPath;
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, exe);
        return File.Exists(candidate) ? candidate : exe;
    }
}
