using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>What <see cref="DistributedActor"/>'s constructor picks up while <c>Spawn</c> runs the factory on this thread.</summary>
internal sealed record ConstructionContext(ClusterSystem System, ActorID Id, IActorRef Host)
{
    [ThreadStatic]
    private static ConstructionContext? _current;

    public static ConstructionContext? Current
    {
        get => _current;
        set => _current = value;
    }
}
