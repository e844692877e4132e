namespace Akka.DistributedActors.TestKit;

/// <summary>Which way of the link between two nodes <c>a</c> and <c>b</c> a fault applies to.</summary>
public enum LinkDirection
{
    /// <summary>Traffic from <c>a</c> to <c>b</c> and from <c>b</c> to <c>a</c> (the default).</summary>
    Both,

    /// <summary>Only what <c>a</c> sends to <c>b</c> (for a disconnect: <c>a</c> closes the association and refuses it).</summary>
    AToB,

    /// <summary>Only what <c>b</c> sends to <c>a</c> (for a disconnect: <c>b</c> closes the association and refuses it).</summary>
    BToA,
}
