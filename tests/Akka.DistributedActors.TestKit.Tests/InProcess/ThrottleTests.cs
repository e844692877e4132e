using Akka.DistributedActors.TestKit;
using Xunit.Abstractions;

namespace Akka.DistributedActors.TestKit.Tests.InProcess;

public sealed class ThrottleTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const int Chunks = 8;
    private const long Rate = 100_000;

    [Fact]
    public async Task Throttled_link_slows_a_large_transfer_in_its_direction_only_until_healed()
    {
        // Queued data delays heartbeats too; nothing may be downed if the failure detector notices.
        var (a, b) = await SetUpPairAsync(s => s.Downing = DowningStrategySettings.None);
        await JoinNodesAsync(a, b);
        LinkProbe.StartSink(a);
        LinkProbe.StartSink(b);
        var within = DefaultWithin;
        await LinkProbe.TransferAsync(a, b, 1, within); // warms up the association and the serializers
        var free = await LinkProbe.TransferAsync(a, b, Chunks, within);

        await ThrottleAsync(a, b, Rate, LinkDirection.AToB);
        var throttled = await LinkProbe.TransferAsync(a, b, Chunks, within);
        var otherWay = await LinkProbe.TransferAsync(b, a, Chunks, within);
        await HealAsync(a, b);
        var healed = await LinkProbe.TransferAsync(a, b, Chunks, within);

        Output?.WriteLine($"free {free.TotalMilliseconds:0} ms, throttled {throttled.TotalMilliseconds:0} ms, other way {otherWay.TotalMilliseconds:0} ms, healed {healed.TotalMilliseconds:0} ms");
        // Ratios, not timings: the throttled transfer runs no faster than the rate (a busy machine only makes it slower) and
        // far slower than the same transfer unthrottled; the other direction and the healed link run as fast as unthrottled.
        var bytes = (double)Chunks * LinkProbe.ChunkBytes;
        Assert.True(bytes / throttled.TotalSeconds <= 1.5 * Rate, $"throttled throughput {bytes / throttled.TotalSeconds:0} B/s exceeds 1.5 x {Rate} B/s");
        Assert.True(throttled > 3 * free, $"throttled {throttled.TotalMilliseconds:0} ms is not 3 x the unthrottled {free.TotalMilliseconds:0} ms");
        Assert.True(throttled > 3 * otherWay, $"the unthrottled direction took {otherWay.TotalMilliseconds:0} ms, throttled {throttled.TotalMilliseconds:0} ms");
        Assert.True(throttled > 3 * healed, $"after the heal {healed.TotalMilliseconds:0} ms, throttled {throttled.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Throttle_needs_a_positive_rate()
    {
        var (a, b) = await SetUpPairAsync();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ThrottleAsync(a, b, 0));
        Assert.Contains("bytesPerSecond must be positive (was 0)", error.Message, StringComparison.Ordinal);
    }
}
