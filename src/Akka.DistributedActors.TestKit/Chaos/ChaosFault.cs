namespace Akka.DistributedActors.TestKit;

/// <summary>A kind of fault a <see cref="ChaosSchedule"/> injects in a round; every round's faults are healed before the invariants are checked.</summary>
public enum ChaosFault
{
    /// <summary>A random link is blackholed (both directions) for 200 ms to 2 s.</summary>
    Blackhole,

    /// <summary>The nodes are split at random into a minority and a majority; the round waits until the downing strategy has resolved the split.</summary>
    Partition,

    /// <summary>A random node is crashed (no leave); it is replaced by a new incarnation on the same address.</summary>
    Crash,

    /// <summary>No fault: the round only heals and checks.</summary>
    Heal,

    /// <summary>A random link is throttled (both directions) to 10 to 100 kB/s for 200 ms to 2 s.</summary>
    Throttle,

    /// <summary>A random association is closed abruptly and refused (both sides) for 200 ms to 2 s.</summary>
    Disconnect,
}
