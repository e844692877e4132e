using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

public sealed class DisconnectTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    [Fact]
    public async Task Disconnect_is_seen_as_a_disassociation_on_both_sides_and_the_link_recovers_after_heal()
    {
        var (a, b) = await SetUpPairAsync(s => s.Downing = DowningStrategySettings.None);
        await JoinNodesAsync(a, b);
        LinkProbe.StartSink(b);
        await LinkProbe.TransferAsync(a, b, 1, DefaultWithin);
        var probe = EventProbe(a);
        var onA = LinkProbe.DisassociationAsync(a, b);
        var onB = LinkProbe.DisassociationAsync(b, a);

        await DisconnectAsync(a, b);

        // An abrupt close, not a silent drop: both ends see the association go at once (~0.1 s). A blackhole leaves the
        // association open and silent, and only the transport failure detector would close it, after minutes.
        await Task.WhenAll(onA, onB).WaitAsync(TimeSpan.FromSeconds(5));
        await probe.ExpectAsync<Cluster.ReachabilityChange>(r => r.Member.Node.Equals(b.Cluster.UniqueNode) && r.ToUnreachable, DefaultWithin);

        await HealAsync(a, b);
        await probe.ExpectAsync<Cluster.ReachabilityChange>(r => r.Member.Node.Equals(b.Cluster.UniqueNode) && r.ToReachable, DefaultWithin);
        await LinkProbe.TransferAsync(a, b, 1, DefaultWithin);
    }
}
