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
