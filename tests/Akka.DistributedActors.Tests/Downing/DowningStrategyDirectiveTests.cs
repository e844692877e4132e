using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Downing;

public sealed class DowningStrategyDirectiveTests
{
    private static Spec.Member M(int port) => new(new UniqueNode(new Node("s", "127.0.0.1", port), (ulong)port), Spec.MemberStatus.Up);

    [Fact]
    public void Mark_as_down_of_no_members_is_none()
    {
        Assert.Equal(DowningStrategyDirective.None, DowningStrategyDirective.MarkAsDown([]));
    }

    [Fact]
    public void Mark_as_down_holds_each_member_once_lowest_address_first()
    {
        var d = DowningStrategyDirective.MarkAsDown([M(3), M(1), M(3)]);

        Assert.Equal(DowningStrategyDirective.DirectiveKind.MarkAsDown, d.Kind);
        Assert.Equal([1, 3], d.Members.Select(m => m.Node.Node.Port));
        Assert.Equal(d, DowningStrategyDirective.MarkAsDown([M(1), M(3)]));
    }

    [Fact]
    public void Timer_directives_carry_member_and_delay_and_reject_negative_delays()
    {
        var d = DowningStrategyDirective.StartTimer(M(1), TimeSpan.FromSeconds(2));

        Assert.Equal((DowningStrategyDirective.DirectiveKind.StartTimer, 1, TimeSpan.FromSeconds(2)), (d.Kind, d.Member!.Node.Node.Port, d.Delay));
        Assert.NotEqual(d, DowningStrategyDirective.StartTimer(M(1), TimeSpan.FromSeconds(3)));
        Assert.NotEqual(d, DowningStrategyDirective.CancelTimer(M(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DowningStrategyDirective.StartTimer(M(1), TimeSpan.FromSeconds(-1)));
    }
}
