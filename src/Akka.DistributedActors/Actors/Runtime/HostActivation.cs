using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// How hosts that create their own instance (sharded entities, started by Akka rather than by <c>Spawn</c>) activate and
/// passivate it; one serves every host of a type. <paramref name="Identify"/> and <paramref name="Create"/> get the host's actor
/// name: the instance's identity (which need not be the host's path) and the instance, built inside the host's <c>PreStart</c>.
/// <paramref name="Activated"/> and <paramref name="Passivating"/>, when set, run as turns of the instance right after it is created
/// and before the host stops on <see cref="PassivateHost"/>. When <paramref name="Create"/> throws, calls fail with
/// <see cref="RemoteCallErrorKind.ActivationFailed"/> for <paramref name="RetryAfterFailure"/>; then the host asks to be stopped
/// with <paramref name="RequestStop"/> (the next call creates a new host).
/// </summary>
internal sealed record HostActivation(
    Func<string, ActorID> Identify,
    Func<string, object> Create,
    Func<DistributedActor, Task>? Activated,
    Func<DistributedActor, Task>? Passivating,
    TimeSpan RetryAfterFailure,
    Action<IActorContext> RequestStop);

/// <summary>Asks a self-activating host to run its passivation hook and stop (Akka sharding's stop message for entities).</summary>
internal sealed class PassivateHost
{
    public static readonly PassivateHost Instance = new();
}

/// <summary>A host whose instance could not be created has waited its <see cref="HostActivation.RetryAfterFailure"/>.</summary>
internal sealed class RetryActivation
{
    public static readonly RetryActivation Instance = new();
}
