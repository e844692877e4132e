using AkkaAddress = Akka.Actor.Address;
using AkkaMember = Akka.Cluster.Member;

namespace Akka.DistributedActors.Tests.Cluster;

public sealed class NodeTests
{
    [Fact]
    public void Nodes_with_same_protocol_host_and_port_are_equal_whatever_their_system_name()
    {
        var first = new Node("first", "127.0.0.1", 7337);
        var renamed = new Node("second", "127.0.0.1", 7337);

        Assert.Equal(first, renamed);
        Assert.True(first == renamed);
        Assert.False(first != renamed);
        Assert.Equal(first.GetHashCode(), renamed.GetHashCode());
        Assert.Equal(0, first.CompareTo(renamed));
    }

    [Theory]
    [InlineData("127.0.0.2", 7337, Node.DefaultProtocol)]
    [InlineData("127.0.0.1", 7338, Node.DefaultProtocol)]
    [InlineData("127.0.0.1", 7337, "akka.trttl.tcp")]
    [InlineData("127.0.0.1 ", 7337, Node.DefaultProtocol)]
    public void Nodes_differing_in_host_port_or_protocol_are_different(string host, int port, string protocol)
    {
        var node = new Node("sys", "127.0.0.1", 7337);
        var other = new Node("sys", host, port, protocol);

        Assert.NotEqual(node, other);
        Assert.True(node != other);
        Assert.NotEqual(0, node.CompareTo(other));
    }

    [Fact]
    public void Host_names_ignore_case_as_in_Akka_addresses()
    {
        var lower = new Node("sys", "localhost", 1);
        var upper = new Node("sys", "LocalHost", 1);

        Assert.Equal(lower, upper);
        Assert.Equal(lower.GetHashCode(), upper.GetHashCode());
        Assert.Equal(0, lower.CompareTo(upper));
        Assert.Equal("LocalHost", upper.Host);
        Assert.Equal(new AkkaAddress("akka.tcp", "sys", "localhost", 1), new AkkaAddress("akka.tcp", "sys", "LocalHost", 1));
    }

    [Fact]
    public void Node_without_system_name_has_empty_name_and_default_protocol()
    {
        var node = new Node("10.0.0.1", 2552);

        Assert.Equal("", node.SystemName);
        Assert.Equal("akka.tcp", node.Protocol);
        Assert.Equal("10.0.0.1", node.Host);
        Assert.Equal(2552, node.Port);
        Assert.Equal(new Node("anything", "10.0.0.1", 2552), node);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Node_rejects_port_outside_0_to_65535_naming_the_port(int port)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Node("sys", "127.0.0.1", port));
        Assert.Equal("port", e.ParamName);
        Assert.Contains(port.ToString(), e.Message);
    }

    [Fact]
    public void Node_accepts_port_zero_for_binding_any_free_port()
    {
        Assert.Equal(0, new Node("sys", "127.0.0.1", 0).Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Node_rejects_blank_host_or_protocol(string blank)
    {
        Assert.Equal("host", Assert.ThrowsAny<ArgumentException>(() => new Node("sys", blank, 1)).ParamName);
        Assert.Equal("protocol", Assert.ThrowsAny<ArgumentException>(() => new Node("sys", "h", 1, blank)).ParamName);
        Assert.Equal("systemName", Assert.Throws<ArgumentNullException>(() => new Node(null!, "h", 1)).ParamName);
    }

    [Fact]
    public void Nodes_order_by_host_ordinally_ignoring_case_then_by_port_numerically()
    {
        var ordered = new[]
        {
            new Node("z", "10.0.0.1", 999),
            new Node("a", "10.0.0.1", 1000),
            new Node("a", "10.0.0.1", 2552),
            new Node("a", "10.0.0.10", 1),
            new Node("a", "10.0.0.2", 1),
            new Node("a", "[v6]", 1),
            new Node("a", "_under", 1),
            new Node("a", "alpha", 1),
            new Node("a", "Zeta", 1),
        };

        var shuffled = ordered.Reverse().ToList();
        shuffled.Sort();

        Assert.Equal(ordered, shuffled);
    }

    [Fact]
    public void Node_ordering_agrees_with_Akka_address_ordering_which_elects_the_leader()
    {
        string[] hosts = ["127.0.0.1", "127.0.0.10", "127.0.0.2", "localhost", "Localhost", "10.1.1.1", "a-host", "B-host", "_x", "[::1]", "İ", "ı"];
        int[] ports = [0, 1, 999, 1000, 2552, 9001, 65535];
        var pairs = hosts.SelectMany(h => ports.Select(p => (Node: new Node("sys", h, p), Address: new AkkaAddress("akka.tcp", "sys", h, p)))).ToList();

        foreach (var x in pairs)
        {
            foreach (var y in pairs)
            {
                var ours = Math.Sign(x.Node.CompareTo(y.Node));
                var akka = Math.Sign(AkkaMember.AddressOrdering.Compare(x.Address, y.Address));
                Assert.True(ours == akka, $"{x.Node} vs {y.Node}: Node.CompareTo gives {ours}, Akka's AddressOrdering gives {akka}");
            }
        }
    }

    [Fact]
    public void Node_sorts_after_null()
    {
        Assert.Equal(1, new Node("sys", "h", 1).CompareTo(null));
        Assert.True((Node?)null == null);
        Assert.False(new Node("sys", "h", 1) == null);
        Assert.False(new Node("sys", "h", 1).Equals((object?)null));
    }

    [Fact]
    public void Node_string_is_protocol_system_name_host_and_port()
    {
        Assert.Equal("akka.tcp://FirstSystem@127.0.0.1:7337", new Node("FirstSystem", "127.0.0.1", 7337).ToString());
        Assert.Equal("akka.trttl.tcp://@h:1", new Node("", "h", 1, "akka.trttl.tcp").ToString());
    }

    [Fact]
    public void Unique_nodes_are_equal_when_endpoint_and_nid_are_equal_whatever_their_system_name()
    {
        var one = TestNodes.Unique("before", "1.1.1.1", 1111, 7);
        var same = TestNodes.Unique("after", "1.1.1.1", 1111, 7);

        Assert.Equal(one, same);
        Assert.True(one == same);
        Assert.Equal(one.GetHashCode(), same.GetHashCode());
        Assert.Equal(0, one.CompareTo(same));
    }

    [Fact]
    public void Unique_node_on_the_same_endpoint_with_another_nid_is_another_incarnation()
    {
        var first = TestNodes.Unique("sys", "1.1.1.1", 1111, 1);
        var restarted = TestNodes.Unique("sys", "1.1.1.1", 1111, 12222);

        Assert.NotEqual(first, restarted);
        Assert.True(first != restarted);
        Assert.Equal(first.Node, restarted.Node);
    }

    [Fact]
    public void Unique_nodes_with_the_same_nid_on_different_ports_are_distinct()
    {
        var onFirstPort = TestNodes.Unique("sys", "1.1.1.1", 1111, 1);
        var onSecondPort = TestNodes.Unique("sys", "1.1.1.1", 2222, 1);

        Assert.NotEqual(onFirstPort, onSecondPort);
        Assert.Equal(2, new HashSet<UniqueNode> { onFirstPort, onSecondPort }.Count);
    }

    [Fact]
    public void Unique_nodes_order_by_endpoint_then_by_nid()
    {
        var ordered = new[]
        {
            TestNodes.Unique("sys", "1.1.1.1", 999, 50),
            TestNodes.Unique("sys", "1.1.1.1", 1000, 2),
            TestNodes.Unique("sys", "1.1.1.1", 1000, 3),
            TestNodes.Unique("sys", "1.1.1.1", 1000, ulong.MaxValue),
            TestNodes.Unique("sys", "2.2.2.2", 1, 1),
        };

        var shuffled = ordered.Reverse().ToList();
        shuffled.Sort();

        Assert.Equal(ordered, shuffled);
        Assert.Equal(1, ordered[0].CompareTo(null));
    }

    [Fact]
    public void Unique_node_exposes_its_endpoint_parts_and_prints_the_nid()
    {
        var node = TestNodes.Unique("FirstSystem", "127.0.0.1", 7337, 42);

        Assert.Equal("FirstSystem", node.SystemName);
        Assert.Equal("127.0.0.1", node.Host);
        Assert.Equal(7337, node.Port);
        Assert.Equal(42UL, node.Nid);
        Assert.Equal("akka.tcp://FirstSystem:42@127.0.0.1:7337", node.ToString());
        Assert.Throws<ArgumentNullException>(() => new UniqueNode(null!, 1));
    }
}
