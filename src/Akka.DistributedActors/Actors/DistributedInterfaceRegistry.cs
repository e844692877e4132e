using System.Collections.Concurrent;
using System.ComponentModel;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors;

/// <summary>
/// Where generated code registers distributed-actor interfaces. An interface without generated code (its assembly did not run
/// the generator, e.g. a project that references the library as a project) is described by reflection on first use, once.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DistributedInterfaceRegistry
{
    private static readonly ConcurrentDictionary<Type, DistributedInterface> Interfaces = new();

    /// <summary>Registers a generated description; called from generated module initializers.</summary>
    public static void Register(DistributedInterface description)
    {
        ArgumentNullException.ThrowIfNull(description);
        Interfaces[description.Type] = description;
    }

    /// <summary>Whether <paramref name="interfaceType"/> uses generated code (true) or the reflection fallback (false).</summary>
    public static bool IsGenerated(Type interfaceType) => Get(interfaceType, null).IsGenerated;

    internal static DistributedInterface Get(Type interfaceType, ILoggingAdapter? log)
    {
        if (Interfaces.TryGetValue(interfaceType, out var found)) return found;
        var built = ReflectionInterfaces.Describe(interfaceType);
        if (Interfaces.TryAdd(interfaceType, built))
        {
            log?.Info("Distributed-actor interface {0} has no generated proxy (its assembly did not run Akka.DistributedActors.Generators); " +
                "using the reflection fallback (DispatchProxy). Reference the library as a package, or add the generator as an analyzer, for the fast path.",
                interfaceType.FullName);
        }
        return Interfaces[interfaceType];
    }
}
