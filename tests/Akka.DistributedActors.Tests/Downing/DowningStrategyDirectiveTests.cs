using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

public sealed class DowningStrategyDirectiveTests
{
    private static Spec.Member M(int port) => new(TestNodes.Unique("s", port, (ulong)port), Spec.MemberStatus.Up);

    [Fact]
    public void Mark_as_down_of_no_members_is_none()
    {
        Assert.Equal(DowningDirectives.None, DowningDirectives.MarkAsDown([]));
    }

    [Fact]
    public void Mark_as_down_holds_each_member_once_lowest_address_first()
    {
        var d = Assert.IsType<DowningStrategyDirective.MarkAsDown>(DowningDirectives.MarkAsDown([M(3), M(1), M(3)]));

        Assert.Equal([1, 3], d.Members.Select(m => m.Node.Node.Port));
        Assert.Equal(d, DowningDirectives.MarkAsDown([M(1), M(3)]));
    }

    [Fact]
    public void Timer_directives_carry_member_and_delay_and_reject_negative_delays()
    {
        var d = Assert.IsType<DowningStrategyDirective.StartTimer>(DowningDirectives.StartTimer(M(1), TimeSpan.FromSeconds(2)));

        Assert.Equal((1, TimeSpan.FromSeconds(2)), (d.Member.Node.Node.Port, d.Delay));
        Assert.NotEqual(d, DowningDirectives.StartTimer(M(1), TimeSpan.FromSeconds(3)));
        Assert.NotEqual(d, DowningDirectives.CancelTimer(M(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DowningDirectives.StartTimer(M(1), TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Directives_are_a_closed_set_of_records_that_print_like_swift_cases()
    {
        Assert.Equal(new DowningStrategyDirective.None(), DowningDirectives.None);
        Assert.Equal("None", DowningDirectives.None.ToString());
        Assert.Equal($"CancelTimer({M(2).Node})", DowningDirectives.CancelTimer(M(2)).ToString());
        Assert.Equal(DowningDirectives.MarkAsDown([M(1), M(3)]).GetHashCode(), DowningDirectives.MarkAsDown([M(3), M(1)]).GetHashCode());
    }
}
