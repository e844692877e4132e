using System.Globalization;

namespace Akka.DistributedActors.TestKit;

/// <summary>The fault of one round of a <see cref="ChaosSchedule"/>, fixed by the seed before the run starts.</summary>
/// <param name="Round">The round, from 1.</param>
/// <param name="Fault">The kind of fault.</param>
/// <param name="Nodes">The nodes it hits: the two ends of a link, the crashed node, the minority of a partition; empty for a heal.</param>
/// <param name="OtherSide">The majority of a partition; empty otherwise.</param>
/// <param name="Hold">How long a link fault lasts before it is healed; zero for the others.</param>
/// <param name="BytesPerSecond">The rate of a throttle; zero for the others.</param>
public sealed record ChaosStep(int Round, ChaosFault Fault, IReadOnlyList<string> Nodes, IReadOnlyList<string> OtherSide, TimeSpan Hold, long BytesPerSecond)
{
    /// <summary>What the round does: <c>blackhole n0&lt;-&gt;n3 for 740 ms</c>, <c>partition n1,n4|n0,n2,n3</c>, <c>crash n2</c>, <c>heal</c>.</summary>
    public override string ToString() => Fault switch
    {
        ChaosFault.Blackhole or ChaosFault.Disconnect => string.Create(CultureInfo.InvariantCulture,
            $"{Fault.ToString().ToLowerInvariant()} {Nodes[0]}<->{Nodes[1]} for {Hold.TotalMilliseconds:0} ms"),
        ChaosFault.Throttle => string.Create(CultureInfo.InvariantCulture,
            $"throttle {Nodes[0]}<->{Nodes[1]} to {BytesPerSecond} B/s for {Hold.TotalMilliseconds:0} ms"),
        ChaosFault.Partition => $"partition {string.Join(",", Nodes)}|{string.Join(",", OtherSide)}",
        ChaosFault.Crash => $"crash {Nodes[0]}",
        _ => "heal",
    };

    // Records compare lists by reference; a schedule's steps are compared by what they do.
    /// <inheritdoc />
    public bool Equals(ChaosStep? other) =>
        other is not null && Round == other.Round && Fault == other.Fault && Nodes.SequenceEqual(other.Nodes) &&
        OtherSide.SequenceEqual(other.OtherSide) && Hold == other.Hold && BytesPerSecond == other.BytesPerSecond;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Round, Fault, Hold, BytesPerSecond, string.Join(",", Nodes));
}
