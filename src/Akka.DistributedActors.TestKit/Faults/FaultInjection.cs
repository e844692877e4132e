using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Link faults between nodes through Akka.Remote's throttler adapter (enabled by <see cref="TestSettings"/>), with no test-only
/// package. What each looks like to the failure detector (with the kit's 200 ms heartbeat and 2 s acceptable pause):
/// <list type="bullet">
/// <item>Blackhole: every message is dropped silently and the TCP connection stays open, as a pulled cable; heartbeats stop, so
/// the peer is unreachable after ~2.5 s, and reachable again ~1 s after the link is healed.</item>
/// <item>Throttle: messages are delayed by a token bucket (bytes per second), none is lost; heartbeats are small, so the peer
/// stays reachable unless the rate is so low that large messages queue heartbeats beyond the acceptable pause.</item>
/// <item>Disconnect: the association is closed at once (both nodes log the disassociation, unlike a blackhole) and refused until
/// healed: the refusing node closes every new inbound association and drops what it sends. The failure detector sees the
/// silence as with a blackhole (unreachable after ~2.5 s); remoting sees the disassociation at once and gates the address
/// (<c>akka.remote.retry-gate-closed-for</c>, 1 s in tests); the heal closes the association attempts that were refused
/// meanwhile, so the nodes reconnect about a second after it.</item>
/// </list>
/// </summary>
public static class FaultInjection
{
    // Akka's token bucket counts time from a monotonic clock that is internal to Akka; starting the bucket at that clock's now
    // avoids generating tokens for the whole process lifetime on the first send (which overflows an int at high rates).
    private static readonly Func<long>? AkkaNanos = typeof(ActorSystem).Assembly.GetType("Akka.Util.MonotonicClock")
        ?.GetMethod("GetNanos", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
        ?.CreateDelegate<Func<long>>();

    // The links each system has disconnected (by host:port): healing one also closes the associations that were attempted
    // meanwhile, whose handshakes were dropped and would otherwise hang until the handshake timeout (seconds) before a reconnect.
    private static readonly ConditionalWeakTable<ActorSystem, ConcurrentDictionary<string, byte>> Disconnected = new();

    /// <summary>Drops all traffic between <paramref name="a"/> and <paramref name="b"/>, both directions, on both sides.</summary>
    public static Task BlackholeAsync(ClusterSystem a, ClusterSystem b) => ApplyAsync(a, b, LinkFault.Blackhole, LinkDirection.Both);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/> (whatever fault it had).</summary>
    public static Task PassThroughAsync(ClusterSystem a, ClusterSystem b) => ApplyAsync(a, b, LinkFault.PassThrough, LinkDirection.Both);

    /// <summary>
    /// Limits what <paramref name="a"/> and <paramref name="b"/> send each other (or one way, by <paramref name="direction"/>)
    /// to <paramref name="bytesPerSecond"/>, as Akka's <c>TestConductor.Throttle</c>; undone by <see cref="PassThroughAsync"/>.
    /// </summary>
    public static Task ThrottleAsync(ClusterSystem a, ClusterSystem b, long bytesPerSecond, LinkDirection direction = LinkDirection.Both) =>
        ApplyAsync(a, b, LinkFault.Throttle(bytesPerSecond), direction);

    /// <summary>
    /// Closes the association between <paramref name="a"/> and <paramref name="b"/> abruptly and refuses it until
    /// <see cref="PassThroughAsync"/>; <paramref name="direction"/> names the node that closes and refuses (both by default).
    /// </summary>
    public static Task DisconnectAsync(ClusterSystem a, ClusterSystem b, LinkDirection direction = LinkDirection.Both) =>
        ApplyAsync(a, b, LinkFault.Disconnect, direction);

    internal static async Task ApplyAsync(ClusterSystem a, ClusterSystem b, LinkFault fault, LinkDirection direction)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (fault.Kind == LinkFaultKind.Disconnect && direction == LinkDirection.Both)
        {
            // Akka's throttler tells its endpoint of a disassociation only when it closes the link itself: one whose peer closed
            // it first stops silently (heartbeats are to find out). So both sides refuse first and then close at the same time,
            // each before the other's close can reach it.
            await Task.WhenAll(RefuseAsync(a, b.Cluster.Node), RefuseAsync(b, a.Cluster.Node)).ConfigureAwait(false);
            await Task.WhenAll(CloseAsync(a, b.Cluster.Node), CloseAsync(b, a.Cluster.Node)).ConfigureAwait(false);
            return;
        }
        if (direction is LinkDirection.Both or LinkDirection.AToB) await ApplyAsync(a, b.Cluster.Node, fault).ConfigureAwait(false);
        if (direction is LinkDirection.Both or LinkDirection.BToA) await ApplyAsync(b, a.Cluster.Node, fault).ConfigureAwait(false);
    }

    /// <summary>Applies <paramref name="fault"/> to <paramref name="from"/>'s side of its link to <paramref name="to"/>.</summary>
    internal static async Task ApplyAsync(ClusterSystem from, Node to, LinkFault fault)
    {
        if (Link(from, to) is not (var system, var address, var transport)) return;
        switch (fault.Kind)
        {
            case LinkFaultKind.PassThrough:
                await SetAsync(transport, system, address, ThrottleTransportAdapter.Direction.Both, Unthrottled.Instance).ConfigureAwait(false);
                if (Disconnected.TryGetValue(system, out var links) && links.TryRemove(Key(address), out _))
                    await CloseAsync(transport, system, address).ConfigureAwait(false);
                break;
            case LinkFaultKind.Blackhole:
                await SetAsync(transport, system, address, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance).ConfigureAwait(false);
                break;
            case LinkFaultKind.Throttle:
                // A bucket of a tenth of a second's worth: short bursts pass, a long transfer runs at the rate. A message larger
                // than the bucket is let through when tokens are left and paid for afterwards (Akka's TokenBucket).
                var capacity = (int)Math.Clamp(fault.BytesPerSecond / 10, 1, int.MaxValue);
                var bucket = new TokenBucket(capacity, fault.BytesPerSecond, AkkaNanos?.Invoke() ?? 0, capacity);
                await SetAsync(transport, system, address, ThrottleTransportAdapter.Direction.Send, bucket).ConfigureAwait(false);
                break;
            case LinkFaultKind.Disconnect:
                // Refuse first, then close: a reconnect racing the close meets the refusal.
                await RefuseAsync(from, to).ConfigureAwait(false);
                await CloseAsync(from, to).ConfigureAwait(false);
                break;
        }
    }

    private static async Task RefuseAsync(ClusterSystem from, Node to)
    {
        if (Link(from, to) is not (var system, var address, var transport)) return;
        await SetAsync(transport, system, address, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance).ConfigureAwait(false);
        Disconnected.GetOrCreateValue(system)[Key(address)] = 0;
    }

    private static Task CloseAsync(ClusterSystem from, Node to) =>
        Link(from, to) is (var system, var address, var transport) ? CloseAsync(transport, system, address) : Task.CompletedTask;

    // The throttled address of to as from's remoting knows it, with from's transport; null once from has terminated.
    private static (ActorSystem System, Address Address, RemoteTransport Transport)? Link(ClusterSystem from, Node to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var system = from.ActorSystem;
        if (system.WhenTerminated.IsCompleted) return null;
        var address = new Address(to.Protocol, AkkaCluster.Get(system).SelfAddress.System, to.Host, to.Port);
        if (!address.Protocol.Contains(".trttl.", StringComparison.Ordinal))
            throw new InvalidOperationException($"Fault injection needs the throttler adapter (TestSettings.Hocon); {address} does not use it.");
        return (system, address, ((IRemoteActorRefProvider)((ExtendedActorSystem)system).Provider).Transport);
    }

    private static string Key(Address address) => $"{address.Host}:{address.Port}";

    private static async Task CloseAsync(RemoteTransport transport, ActorSystem from, Address to)
    {
        if (!await transport.ManagementCommand(new ForceDisassociateExplicitly(to, DisassociateInfo.Unknown)).ConfigureAwait(false))
            throw new InvalidOperationException($"The throttler on {from.Name} did not acknowledge closing the associations to {to}.");
    }

    private static async Task SetAsync(RemoteTransport transport, ActorSystem from, Address to, ThrottleTransportAdapter.Direction direction, ThrottleMode mode)
    {
        var ok = await transport.ManagementCommand(new SetThrottle(to, direction, mode)).ConfigureAwait(false);
        if (!ok) throw new InvalidOperationException($"The throttler on {from.Name} did not acknowledge {mode} towards {to}.");
    }
}
