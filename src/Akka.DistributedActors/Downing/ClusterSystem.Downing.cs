using Akka.Actor;
using Akka.DistributedActors.Internal;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors;

public sealed partial class ClusterSystem
{
    partial void OnDowningStarted()
    {
        StartDowningShell();
        if (_ownsActorSystem) AddOnDownDelay();
    }

    private void StartDowningShell()
    {
        var downing = Settings.Downing;
        var providerType = AkkaCluster.Get(ActorSystem).Settings.DowningProviderType;
        if (providerType != typeof(DowningStrategyProvider))
        {
            if (downing.RunsInShell)
                Log.Warning("Downing {0} is ignored: the ActorSystem's akka.cluster.downing-provider-class is {1}, not {2}.",
                    downing, providerType?.FullName ?? "none", DowningStrategyProvider.HoconClassName);
            return;
        }
        if (!downing.RunsInShell)
        {
            Log.Warning("akka.cluster.downing-provider-class names {0} but Downing is {1}; this node will not down anyone.",
                DowningStrategyProvider.HoconClassName, downing);
            return;
        }
        var context = new DowningContext(Cluster.UniqueNode, Settings);
        DowningShellRegistry.Get(ActorSystem).Configure(
            new DowningShell.Start(() => downing.CreateStrategy(context), _translator, downing.ToString()));
    }

    // Akka runs coordinated shutdown as soon as the cluster daemon of a downed node stops; Swift waits OnDownAction.Delay first.
    // The wait is a task in the first phase, taken only when the shutdown was caused by downing.
    private void AddOnDownDelay()
    {
        var onDown = Settings.OnDownAction;
        if (onDown.Kind != OnDownActionStrategySettings.ActionKind.GracefulShutdown || onDown.Delay <= TimeSpan.Zero) return;
        var coordinated = CoordinatedShutdown.Get(ActorSystem);
        var log = Log;
        coordinated.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "distributed-actors-on-down-action", async () =>
        {
            if (coordinated.ShutdownReason is CoordinatedShutdown.ClusterDowningReason)
            {
                log.Warning("This node was marked as [Down], performing OnDownAction as configured: shutting down the system, in {0}.", onDown.Delay);
                await Task.Delay(onDown.Delay).ConfigureAwait(false);
            }
            return Done.Instance;
        });
    }
}
