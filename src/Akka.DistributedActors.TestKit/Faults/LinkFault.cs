namespace Akka.DistributedActors.TestKit;

internal enum LinkFaultKind
{
    PassThrough,
    Blackhole,
    Throttle,
    Disconnect,
}

/// <summary>What one side of a link is set to; travels between processes as <see cref="Kind"/> and <see cref="BytesPerSecond"/>.</summary>
internal sealed record LinkFault(LinkFaultKind Kind, long BytesPerSecond = 0)
{
    public static readonly LinkFault PassThrough = new(LinkFaultKind.PassThrough);
    public static readonly LinkFault Blackhole = new(LinkFaultKind.Blackhole);
    public static readonly LinkFault Disconnect = new(LinkFaultKind.Disconnect);

    public static LinkFault Throttle(long bytesPerSecond) =>
        bytesPerSecond > 0
            ? new(LinkFaultKind.Throttle, bytesPerSecond)
            : throw new ArgumentOutOfRangeException(nameof(bytesPerSecond), bytesPerSecond, $"bytesPerSecond must be positive (was {bytesPerSecond}); to cut the link use a blackhole.");

    /// <summary>How the kit's timeline names the fault.</summary>
    public string Describe(string a, string b, LinkDirection direction)
    {
        var arrow = direction switch { LinkDirection.AToB => $"{a}->{b}", LinkDirection.BToA => $"{b}->{a}", _ => $"{a}<->{b}" };
        return Kind switch
        {
            LinkFaultKind.Throttle => $"throttle {arrow} to {BytesPerSecond} B/s",
            LinkFaultKind.PassThrough => $"heal {arrow}",
            _ => $"{Kind.ToString().ToLowerInvariant()} {arrow}",
        };
    }
}
