using Akka.Actor;
using Akka.Actor.Setup;
using Akka.DistributedActors.Internal;
using Akka.Event;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    static partial void ConfigureLoggingSetup(ClusterSystemSettings settings, ref ActorSystemSetup setup)
    {
        if (settings.Logging.LoggerFactory is { } factory) setup = setup.And(new LoggerFactorySetup(factory));
    }

    // Loggers and the level are read when an ActorSystem starts; on a running one, the level is set on its event stream and
    // the factory gets its own subscriber, beside the system's loggers.
    private void ApplyAttachedLogging(IReadOnlyDictionary<string, string> explicitly)
    {
        if (explicitly.ContainsKey("akka.loglevel"))
            ActorSystem.EventStream.SetLogLevel(Logging.LogLevelFor(explicitly["akka.loglevel"]));
        if (Settings.Logging.LoggerFactory is not { } factory) return;
        if (ActorSystem.Settings.Loggers.Contains(LoggerFactoryBridge.HoconName)) return;
        var bridge = ((ExtendedActorSystem)ActorSystem).SystemActorOf(
            Props.Create(() => new LoggerFactoryBridge(factory)).WithDispatcher("akka.actor.internal-dispatcher"), "distributed-actors-logger-factory");
        ActorSystem.EventStream.Subscribe(bridge, typeof(LogEvent));
    }
}
