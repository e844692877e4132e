using System.Reflection;
using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Lets a terminated ActorSystem be collected at once. Akka.Remote 1.5 gives every thread that resolves an actor reference its
/// own cache in a <see cref="ThreadLocal{T}"/> that the system's <c>ActorRefResolveThreadLocalCache</c> extension never disposes,
/// and each cache holds the system (through its actor-ref provider). A terminated system then stays reachable until every such
/// thread exits: 20 s for an idle pool thread, never for a busy one, so a process that starts and stops many joined systems (a
/// test suite) kept them all (the "load" benchmark measures the release; akkadotnet/akka.net#5553).
/// The extension and its field are internal to Akka.Remote, so this reads them by reflection and does nothing when a later Akka
/// version no longer has them.
/// </summary>
internal static class ResolveCacheRelease
{
    private static readonly Type? ExtensionType =
        typeof(Akka.Remote.RemoteActorRefProvider).Assembly.GetType("Akka.Remote.Serialization.ActorRefResolveThreadLocalCache");

    private static readonly FieldInfo? CachesField = ExtensionType?.GetField("_current", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>Disposes <paramref name="system"/>'s per-thread resolve caches; call only once it has terminated.</summary>
    public static void Release(ActorSystem system)
    {
        if (ExtensionType is null || CachesField is null || !system.TryGetExtension(ExtensionType, out var extension)) return;
        (CachesField.GetValue(extension) as IDisposable)?.Dispose();
    }
}
