using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

/// <summary>The base's tear-down, driven by hand on a harness so the test can look at what it left behind.</summary>
public sealed class ClusteredSystemsTestBaseTests
{
    [Fact]
    public async Task Tear_down_shuts_down_every_node_even_when_cut_off_and_writes_each_nodes_log()
    {
        var output = new RecordingOutput();
        var harness = new Harness(output);
        var (first, second) = await harness.PairAsync();
        await harness.CutAsync(first, second);

        await harness.DisposeAsync();

        Assert.True(first.Terminated.IsCompleted);
        Assert.True(second.Terminated.IsCompleted);
        Assert.Contains(output.Lines, l => l.StartsWith($"----- log of {first}", StringComparison.Ordinal));
        Assert.Contains(output.Lines, l => l.StartsWith($"----- log of {second}", StringComparison.Ordinal));
        Assert.Contains(output.Lines, l => l.Contains("Remoting started", StringComparison.Ordinal));
    }

    private sealed class Harness(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
    {
        public async Task<(ClusterSystem, ClusterSystem)> PairAsync()
        {
            var pair = await SetUpPairAsync();
            await JoinNodesAsync(pair.First, pair.Second);
            return pair;
        }

        public Task CutAsync(ClusterSystem a, ClusterSystem b) => BlackholeAsync(a, b);
    }

    private sealed class RecordingOutput : ITestOutputHelper
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return _lines.ToArray();
            }
        }

        public void WriteLine(string message)
        {
            lock (_lines) _lines.Add(message);
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
