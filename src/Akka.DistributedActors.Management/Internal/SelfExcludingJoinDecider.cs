using System.Collections.Immutable;
using Akka.Actor;
using Akka.Management.Cluster.Bootstrap;
// Akka.DistributedActors has a ClusterBootstrapSettings of its own, which would win inside this namespace.
using AkkaBootstrapSettings = Akka.Management.Cluster.Bootstrap.ClusterBootstrapSettings;

namespace Akka.DistributedActors.Management.Internal;

/// <summary>
/// Akka.Management's lowest-address join decider, except that this node is never among the seed nodes it decides to join.
/// Once this node is a member (joined some other way, for example by an explicit <c>Join</c> while its bootstrap still probes),
/// its own contact point reports it as a seed node. Akka.Management removes the own address only after checking that the set is
/// not empty, so a set of just this node became an empty <c>JoinSeedNodes</c>, and Akka's cluster daemon crashes on that when
/// the node is already a member (it formats the empty list), which downs and shuts down the node. An empty set here keeps probing.
/// </summary>
internal sealed class SelfExcludingJoinDecider(ActorSystem system, AkkaBootstrapSettings settings) : LowestAddressJoinDecider(system, settings)
{
    private readonly Address _self = Akka.Cluster.Cluster.Get(system).SelfAddress;

    /// <inheritdoc />
    protected override ImmutableHashSet<Address> JoinOtherSeedNodes(SeedNodesInformation info) =>
        base.JoinOtherSeedNodes(info).Remove(_self);
}
