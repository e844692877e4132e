using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Util;
using static Akka.Cluster.ClusterEvent;
using AkkaMember = Akka.Cluster.Member;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;
using Spec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Tests.Cluster;

/// <summary>The translation rules without a network: Akka's events (built as values) in, facade events out.</summary>
public sealed class EventTranslationTests
{
    private static readonly Address SelfAddress = new("akka.tcp", "ClusterSystem", "127.0.0.1", 7001);
    private static readonly Address OtherAddress = new("akka.tcp", "ClusterSystem", "127.0.0.1", 7002);

    [Fact]
    public void Akka_weakly_up_and_up_fold_into_one_up_and_leaving_and_exiting_into_one_leaving()
    {
        var other = Akka(OtherAddress, 2, AkkaMemberStatus.Joining);
        var (state, _) = Translate(Start(), new MemberJoined(other));

        var (afterWeaklyUp, weaklyUp) = Translate(state, new MemberWeaklyUp(other.Copy(AkkaMemberStatus.WeaklyUp)));
        var (afterUp, up) = Translate(afterWeaklyUp, new MemberUp(other.Copy(AkkaMemberStatus.Up)));
        var left = other.Copy(AkkaMemberStatus.Up).Copy(AkkaMemberStatus.Leaving);
        var (afterLeaving, leaving) = Translate(afterUp, new MemberLeft(left));
        var (_, exiting) = Translate(afterLeaving, new MemberExited(left.Copy(AkkaMemberStatus.Exiting)));

        Assert.Equal(Spec.MemberStatus.Up, Assert.IsType<Spec.MembershipChange>(Assert.Single(weaklyUp)).Status);
        Assert.Empty(up);
        Assert.Equal(Spec.MemberStatus.Leaving, Assert.IsType<Spec.MembershipChange>(Assert.Single(leaving)).Status);
        Assert.Empty(exiting);
    }

    [Fact]
    public void A_new_incarnation_after_the_old_was_downed_and_removed_is_reported_as_its_replacement()
    {
        var old = Akka(OtherAddress, 2, AkkaMemberStatus.Up);
        var state = Feed(Start(), new MemberUp(old), new MemberDowned(old.Copy(AkkaMemberStatus.Down)),
            new MemberRemoved(old.Copy(AkkaMemberStatus.Removed), AkkaMemberStatus.Down));

        var (_, events) = Translate(state, new MemberJoined(Akka(OtherAddress, 3, AkkaMemberStatus.Joining)));

        var change = Assert.IsType<Spec.MembershipChange>(Assert.Single(events));
        Assert.Equal(3UL, change.Node.Nid);
        Assert.Equal(2UL, change.Replaced?.Node.Nid);
    }

    [Fact]
    public void A_new_incarnation_while_the_old_is_still_up_publishes_the_old_ones_down_first()
    {
        var state = Feed(Start(), new MemberUp(Akka(OtherAddress, 2, AkkaMemberStatus.Up)));

        var (_, events) = Translate(state, new MemberJoined(Akka(OtherAddress, 3, AkkaMemberStatus.Joining)));

        Assert.Collection(events.Cast<Spec.MembershipChange>(),
            c => Assert.Equal((2UL, Spec.MemberStatus.Down), (c.Node.Nid, c.Status)),
            c => Assert.Equal((3UL, Spec.MemberStatus.Joining), (c.Node.Nid, c.Status)));
    }

    [Fact]
    public void This_nodes_removal_is_reported_as_down_first_each_event_with_the_membership_it_leaves()
    {
        var self = Akka(SelfAddress, 1, AkkaMemberStatus.Up);
        var state = Feed(Start(), new MemberUp(self));

        var step = state.On(ClusterEventTranslator.ToInput(new MemberRemoved(self.Copy(AkkaMemberStatus.Removed), AkkaMemberStatus.Up))!);

        Assert.Collection(step.Events,
            e =>
            {
                Assert.Equal((Spec.MemberStatus.Up, Spec.MemberStatus.Down), (((Spec.MembershipChange)e.Event).PreviousStatus, ((Spec.MembershipChange)e.Event).Status));
                Assert.Equal(Spec.MemberStatus.Down, e.Membership.FindMember(Node(SelfAddress, 1))?.Status);
            },
            e =>
            {
                Assert.Equal(Spec.MemberStatus.Removed, ((Spec.MembershipChange)e.Event).Status);
                Assert.Null(e.Membership.FindMember(Node(SelfAddress, 1)));
            });
    }

    [Fact]
    public void During_shutdown_only_this_nodes_own_removal_is_published()
    {
        var self = Akka(SelfAddress, 1, AkkaMemberStatus.Up);
        var other = Akka(OtherAddress, 2, AkkaMemberStatus.Up);
        var state = Feed(Start(), new MemberUp(self), new MemberUp(other), new LeaderChanged(SelfAddress),
            new MemberLeft(self.Copy(AkkaMemberStatus.Leaving)), ClusterShuttingDown.Instance);

        var (afterOther, otherRemoved) = Translate(state, new MemberRemoved(other.Copy(AkkaMemberStatus.Removed), AkkaMemberStatus.Up));
        var (afterLeader, leader) = Translate(afterOther, new LeaderChanged(OtherAddress));
        var (_, selfRemoved) = Translate(afterLeader, new MemberRemoved(self.Copy(AkkaMemberStatus.Removed), AkkaMemberStatus.Exiting));

        Assert.Empty(otherRemoved);
        Assert.Empty(leader);
        Assert.True(afterLeader.ShuttingDown);
        // Exiting is Leaving in the facade: a node that left is removed without a Down.
        Assert.Equal(Spec.MemberStatus.Removed, Assert.IsType<Spec.MembershipChange>(Assert.Single(selfRemoved)).Status);
    }

    [Fact]
    public void A_leader_that_is_not_a_known_member_is_not_published_and_is_logged()
    {
        var step = Start().On(ClusterEventTranslator.ToInput(new LeaderChanged(OtherAddress))!);

        Assert.Empty(step.Events);
        Assert.Equal("Leader akka.tcp://ClusterSystem@127.0.0.1:7002 is not a known member; leadership change not published.", step.Warning);
    }

    [Fact]
    public void The_initial_state_publishes_members_unreachability_and_leader_in_that_order()
    {
        var other = Akka(OtherAddress, 2, AkkaMemberStatus.Up);
        var state = new CurrentClusterState(
            ImmutableSortedSet.Create(Akka(SelfAddress, 1, AkkaMemberStatus.Up), other),
            ImmutableHashSet.Create(other), ImmutableHashSet<Address>.Empty, SelfAddress, ImmutableDictionary<string, Address>.Empty);

        var (_, events) = Translate(Start(), state);

        Assert.Collection(events,
            e => Assert.IsType<Spec.MembershipChange>(e),
            e => Assert.IsType<Spec.MembershipChange>(e),
            e => Assert.False(Assert.IsType<Spec.ReachabilityChange>(e).Member.IsReachable),
            e => Assert.Equal(SelfAddress.Port, Assert.IsType<Spec.LeadershipChange>(e).NewLeader?.Node.Port));
    }

    private static EventTranslation Start()
    {
        var self = new Spec.Member(Node(SelfAddress, 1), Spec.MemberStatus.Joining);
        return new EventTranslation(self.Node, Spec.Membership.Empty.ApplyMembershipChange(new Spec.MembershipChange(self, null), out _));
    }

    private static UniqueNode Node(Address address, int uid) => AkkaConversions.ToUniqueNode(new Akka.Cluster.UniqueAddress(address, uid), []);

    private static (EventTranslation State, List<Spec.Event> Events) Translate(EventTranslation state, object akkaEvent)
    {
        var step = state.On(ClusterEventTranslator.ToInput(akkaEvent) ?? throw new ArgumentException($"Not translated: {akkaEvent}"));
        return (step.Next, step.Events.Select(e => e.Event).ToList());
    }

    private static EventTranslation Feed(EventTranslation state, params object[] akkaEvents) =>
        akkaEvents.Aggregate(state, (s, e) => Translate(s, e).State);

    // Akka keeps Member's constructors internal; its events need real members.
    private static readonly MethodInfo CreateMember = typeof(AkkaMember).GetMethods(BindingFlags.Static | BindingFlags.NonPublic)
        .Single(m => m.Name == "Create" && m.GetParameters().Length == 5);

    private static AkkaMember Akka(Address address, int uid, AkkaMemberStatus status) =>
        (AkkaMember)CreateMember.Invoke(null, [new Akka.Cluster.UniqueAddress(address, uid), 1, status, ImmutableHashSet<string>.Empty, AppVersion.Zero])!;
}
