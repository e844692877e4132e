using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Cuts and heals links between nodes through Akka.Remote's throttler adapter (enabled by <see cref="TestSettings"/>), with no
/// test-only package: a blackholed link drops everything in both directions until it is passed through again.
/// </summary>
public static class FaultInjection
{
    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both directions, on both sides.</summary>
    public static Task BlackholeAsync(ClusterSystem a, ClusterSystem b) => SetBothAsync(a, b, Blackhole.Instance);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static Task PassThroughAsync(ClusterSystem a, ClusterSystem b) => SetBothAsync(a, b, Unthrottled.Instance);

    /// <summary>
    /// Cuts (<paramref name="cut"/> true) or restores this side of the link from <paramref name="from"/> to the node at
    /// <paramref name="to"/>: one side suffices to drop traffic both ways. Used across processes, where each side sets its own.
    /// </summary>
    public static Task SetLinkAsync(ClusterSystem from, Node to, bool cut)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return SetAsync(from.ActorSystem, new Address(to.Protocol, AkkaCluster.Get(from.ActorSystem).SelfAddress.System, to.Host, to.Port),
            cut ? Blackhole.Instance : Unthrottled.Instance);
    }

    private static async Task SetBothAsync(ClusterSystem a, ClusterSystem b, ThrottleMode mode)
    {
        await SetAsync(a.ActorSystem, AkkaCluster.Get(b.ActorSystem).SelfAddress, mode).ConfigureAwait(false);
        await SetAsync(b.ActorSystem, AkkaCluster.Get(a.ActorSystem).SelfAddress, mode).ConfigureAwait(false);
    }

    private static async Task SetAsync(ActorSystem from, Address to, ThrottleMode mode)
    {
        if (from.WhenTerminated.IsCompleted) return;
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
        if (!to.Protocol.Contains(".trttl.", StringComparison.Ordinal))
            throw new InvalidOperationException($"Fault injection needs the throttler adapter (TestSettings.Hocon); {to} does not use it.");
        var ok = await transport.ManagementCommand(new SetThrottle(to, ThrottleTransportAdapter.Direction.Both, mode)).ConfigureAwait(false);
        if (!ok) throw new InvalidOperationException($"The throttler on {from.Name} did not acknowledge {mode} towards {to}.");
    }
}
