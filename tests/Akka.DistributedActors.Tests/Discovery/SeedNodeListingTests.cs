namespace Akka.DistributedActors.Tests.Discovery;

public sealed class SeedNodeListingTests
{
    private static readonly Node A = new("10.0.0.1", 2552);
    private static readonly Node B = new("10.0.0.1", 2553);
    private static readonly Node C = new("10.0.0.2", 2552);

    [Fact]
    public void Listing_is_sorted_by_host_then_port_and_deduplicated_whatever_the_input_order()
    {
        var one = SeedNodeListing.Create([C, B, A, B], n => n);
        var other = SeedNodeListing.Create([A, C, B], n => n);

        Assert.Equal([A, B, C], one.Nodes.ToArray());
        Assert.True(one.SameNodes(other));
        Assert.Empty(one.Rejected);
    }

    [Fact]
    public void Entries_with_invalid_host_or_port_or_a_throwing_map_are_rejected_with_the_reason()
    {
        var listing = SeedNodeListing.Create(["10.0.0.1:2552", "bad host:1", "10.0.0.1:0", "nonsense"], Endpoints.Parse);

        Assert.Equal([A], listing.Nodes.ToArray());
        Assert.Equal(3, listing.Rejected.Length);
        Assert.Contains(listing.Rejected, r => r.StartsWith("[bad host:1]", StringComparison.Ordinal) && r.Contains("not a valid host"));
        Assert.Contains(listing.Rejected, r => r.StartsWith("[10.0.0.1:0]", StringComparison.Ordinal) && r.Contains("port 0"));
        Assert.Contains(listing.Rejected, r => r.StartsWith("[nonsense]", StringComparison.Ordinal) && r.Contains("cannot be mapped"));
    }

    [Fact]
    public void Only_the_lowest_listed_node_is_first_and_it_is_left_out_until_it_may_found()
    {
        var listing = SeedNodeListing.Create([C, B, A], n => n);

        Assert.True(listing.IsFirst(new Node("sys", "10.0.0.1", 2552, "akka.trttl.tcp")));
        Assert.True(SeedNodeListing.Create([new Node("Node-A.example", 1)], n => n).IsFirst(new Node("node-a.example", 1)));
        Assert.False(listing.IsFirst(B));
        Assert.Equal([B, C], listing.SeedsFor(A, mayFound: false).ToArray());
        Assert.Equal([A, B, C], listing.SeedsFor(A, mayFound: true).ToArray());
        Assert.Equal([A, B, C], listing.SeedsFor(B, mayFound: false).ToArray());
        Assert.Empty(SeedNodeListing.Create([A], n => n).SeedsFor(A, mayFound: false));
    }
}
