namespace Akka.DistributedActors.Internal;

/// <summary>
/// How a host that creates its own instance (a sharded entity, started by Akka rather than by <c>Spawn</c>) activates and
/// passivates it. <paramref name="Id"/> is the instance's identity, which need not be the host's path; <paramref name="Create"/>
/// runs inside the host's <c>PreStart</c>; <paramref name="Activated"/> and <paramref name="Passivating"/>, when set, run as turns
/// of the instance right after it is created and before the host stops on <see cref="PassivateHost"/>.
/// </summary>
internal sealed record HostActivation(
    ActorID Id,
    Func<object> Create,
    Func<DistributedActor, Task>? Activated,
    Func<DistributedActor, Task>? Passivating);

/// <summary>Asks a self-activating host to run its passivation hook and stop (Akka sharding's stop message for entities).</summary>
internal sealed class PassivateHost
{
    public static readonly PassivateHost Instance = new();
}
