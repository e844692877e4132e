using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Meeting point of the downing shell and the <see cref="ClusterSystem"/> facade. Akka starts the shell inside the cluster daemon,
/// possibly before or after the facade exists, so whichever of the two arrives second completes the hand-over of the strategy;
/// a restarted shell registers again and gets the same start message.
/// </summary>
internal sealed class DowningShellRegistry : IExtension
{
    private readonly object _gate = new();
    private IActorRef? _shell;
    private DowningShell.Start? _start;

    public static DowningShellRegistry Get(ActorSystem system) => system.WithExtension<DowningShellRegistry, DowningShellRegistryId>();

    public void ShellStarted(IActorRef shell)
    {
        lock (_gate)
        {
            _shell = shell;
            if (_start is not null) shell.Tell(_start);
        }
    }

    public void ShellStopped(IActorRef shell)
    {
        lock (_gate)
        {
            if (Equals(_shell, shell)) _shell = null;
        }
    }

    public void Configure(DowningShell.Start start)
    {
        lock (_gate)
        {
            if (_start is not null) throw new InvalidOperationException("The downing shell of this ActorSystem was already given a strategy.");
            _start = start;
            _shell?.Tell(start);
        }
    }
}

/// <summary>Extension id of <see cref="DowningShellRegistry"/>.</summary>
internal sealed class DowningShellRegistryId : ExtensionIdProvider<DowningShellRegistry>
{
    public override DowningShellRegistry CreateExtension(ExtendedActorSystem system) => new();
}
