using System.ComponentModel;

namespace Akka.DistributedActors;

/// <summary>
/// A distributed-actor interface as the runtime sees it: its methods and how to make a proxy. Registered by generated code at
/// module initialization (<see cref="DistributedInterfaceRegistry.Register"/>), or built by reflection when no generated code exists.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DistributedInterface
{
    private readonly Dictionary<int, DistributedMethod> _byId = new();

    /// <summary>Describes <paramref name="interfaceType"/> with all its (inherited) <paramref name="methods"/> and a proxy factory.</summary>
    public DistributedInterface(Type interfaceType, IReadOnlyList<DistributedMethod> methods, Func<ProxyTarget, IDistributedActor> createProxy)
        : this(interfaceType, methods, createProxy, generated: true)
    {
    }

    internal DistributedInterface(Type interfaceType, IReadOnlyList<DistributedMethod> methods, Func<ProxyTarget, IDistributedActor> createProxy, bool generated)
    {
        Type = interfaceType ?? throw new ArgumentNullException(nameof(interfaceType));
        Methods = methods ?? throw new ArgumentNullException(nameof(methods));
        CreateProxy = createProxy ?? throw new ArgumentNullException(nameof(createProxy));
        IsGenerated = generated;
        foreach (var m in methods)
        {
            if (!_byId.TryAdd(m.Id, m))
                throw new ArgumentException(
                    $"{interfaceType.FullName}: methods {_byId[m.Id].DisplayName} and {m.DisplayName} have the same wire id; give overloads different parameter counts or names.");
        }
    }

    /// <summary>The interface type.</summary>
    public Type Type { get; }

    /// <summary>All methods, including those of base interfaces.</summary>
    public IReadOnlyList<DistributedMethod> Methods { get; }

    /// <summary>Makes a proxy implementing <see cref="Type"/> for a target.</summary>
    public Func<ProxyTarget, IDistributedActor> CreateProxy { get; }

    /// <summary>True for source-generated descriptions, false for the reflection fallback.</summary>
    public bool IsGenerated { get; }

    internal bool TryGetMethod(int id, out DistributedMethod method) => _byId.TryGetValue(id, out method!);
}
