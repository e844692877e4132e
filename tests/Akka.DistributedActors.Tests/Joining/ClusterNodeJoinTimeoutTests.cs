using System.Diagnostics;
using System.Text.RegularExpressions;
using Akka.DistributedActors.TestKit;

namespace Akka.DistributedActors.Tests.Joining;

/// <summary>samples/ClusterNode as a user runs it: a <c>--join</c> nobody answers ends the process with code 1 and one line saying why.</summary>
public sealed class ClusterNodeJoinTimeoutTests
{
    [Fact]
    public async Task A_join_that_is_given_up_exits_with_code_1_and_the_one_line_reason()
    {
        var nowhere = FreePorts.Take(1)[0];
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", SampleDll(), "--port", "0", "--join", $"127.0.0.1:{nowhere}", "--join-timeout", "1" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(deadline.Token);

            Assert.Equal(1, process.ExitCode);
            var line = Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                l => l.Contains(" error: "));
            var expected = new Regex($@"^\S+ error: Join of akka\.tcp://ClusterSystem@127\.0\.0\.1:{nowhere} given up after \d+(\.\d)? s " +
                                     @"\(JoinSettings\.GiveUpAfter\): contacted it \d+ times every 500 ms and .+\. Check that a node is running at " +
                                     $@"127\.0\.0\.1:{nowhere} with ActorSystem name 'ClusterSystem' \(ClusterName\) and that this node can reach it\.$");
            Assert.True(expected.IsMatch(line), line);
            Assert.Contains($"joining 127.0.0.1:{nowhere}", await stdout);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    // The sample's own build output, in the configuration and framework these tests were built for.
    private static string SampleDll()
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Akka.DistributedActors.sln"))) root = root.Parent;
        var dll = Path.Combine(root?.FullName ?? throw new InvalidOperationException($"No Akka.DistributedActors.sln above {testBin}."),
            "samples", "ClusterNode", "bin", configuration, framework, "ClusterNode.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("samples/ClusterNode is not built.", dll);
    }
}
