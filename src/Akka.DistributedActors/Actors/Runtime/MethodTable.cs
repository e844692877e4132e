using System.Collections.Concurrent;
using System.Reflection;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>The methods an implementation class answers, by wire id, over all its distributed-actor interfaces.</summary>
internal sealed class MethodTable
{
    private static readonly ConcurrentDictionary<Type, MethodTable> Cache = new();
    private readonly Dictionary<int, DistributedMethod> _methods = new();

    private MethodTable(Type implementation, ILoggingAdapter log)
    {
        NonReentrant = implementation.GetCustomAttribute<NonReentrantAttribute>(inherit: true) is not null;
        foreach (var iface in implementation.GetInterfaces())
        {
            if (iface == typeof(IDistributedActor) || !typeof(IDistributedActor).IsAssignableFrom(iface)) continue;
            foreach (var m in DistributedInterfaceRegistry.Get(iface, log).Methods)
            {
                if (_methods.TryGetValue(m.Id, out var existing) && existing.Interface != m.Interface)
                    throw new InvalidOperationException(
                        $"{implementation.Name}: methods {existing.DisplayName} and {m.DisplayName} have the same wire id; rename one of them.");
                _methods[m.Id] = m;
            }
        }
    }

    public bool NonReentrant { get; }

    public static MethodTable For(Type implementation, ILoggingAdapter log) => Cache.GetOrAdd(implementation, static (t, log) => new MethodTable(t, log), log);

    public bool TryGet(int id, out DistributedMethod method) => _methods.TryGetValue(id, out method!);
}
