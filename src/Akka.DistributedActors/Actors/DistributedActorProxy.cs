using System.ComponentModel;

namespace Akka.DistributedActors;

/// <summary>Base class of generated proxies: forwards every call to its <see cref="ProxyTarget"/>. Equal when the targets' IDs are equal.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class DistributedActorProxy : IDistributedActor
{
    /// <summary>Creates a proxy for <paramref name="target"/>.</summary>
    protected DistributedActorProxy(ProxyTarget target) => Target = target ?? throw new ArgumentNullException(nameof(target));

    /// <summary>Where calls go.</summary>
    protected ProxyTarget Target { get; }

    /// <inheritdoc />
    public ActorID Id => Target.Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IDistributedActor other && other.Id.Equals(Id);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>The proxied actor's ID.</summary>
    public override string ToString() => $"Proxy({Id})";
}
