using Akka.Actor;
using Akka.Event;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The child Akka's ClusterSingletonManager starts on the node that owns the singleton: spawns the distributed actor as its own
/// child, acknowledges each call it receives (so the caller's <see cref="SingletonRouter"/> stops counting allocation time and
/// will not resend it) and forwards it once; on hand-over runs <see cref="IClusterSingleton.PassivateAsync"/> before stopping.
/// A call acknowledged here must run: at hand-over the instance is stopped by a message queued behind the calls already
/// forwarded (stopping this actor would stop the child before its mailbox is drained, and those calls would be lost), and calls
/// that arrive once the hand-over began are not taken but answered "not found", so the router sends them to the next instance.
/// </summary>
internal sealed class SingletonHostActor : UntypedActor, IWithTimers
{
    private readonly ActorRuntime _runtime;
    private readonly Func<IActorRefFactory, (IDistributedActor Proxy, object Instance)> _spawn;
    private readonly string _name;
    private readonly TimeSpan _passivationTimeout;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private const int RememberedCalls = 100_000;
    private readonly HashSet<(IActorRef Router, long CallId)> _taken = [];
    private readonly Queue<(IActorRef Router, long CallId)> _takenOrder = new();
    private IActorRef _host = ActorRefs.Nobody;
    private IClusterSingleton? _hooks;
    private bool _handingOver;

    // spawn: creates the instance under the given parent and returns its proxy and the instance itself.
    public SingletonHostActor(ActorRuntime runtime, Func<IActorRefFactory, (IDistributedActor, object)> spawn, string name, TimeSpan passivationTimeout)
    {
        _runtime = runtime;
        _spawn = spawn;
        _name = name;
        _passivationTimeout = passivationTimeout;
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(ActorRuntime runtime, Func<IActorRefFactory, (IDistributedActor, object)> spawn, string name, TimeSpan passivationTimeout) =>
        Akka.Actor.Props.Create(() => new SingletonHostActor(runtime, spawn, name, passivationTimeout));

    protected override void PreStart()
    {
        if (_runtime.IsShutDown)
        {
            // The singleton was handed to a node that is itself shutting down (e.g. every node stopping together).
            _log.Debug("Singleton '{0}' is not started here: this system is shutting down.", _name);
            Context.Stop(Self);
            return;
        }
        var (proxy, instance) = _spawn(Context);
        _runtime.Locals.TryGetHost(proxy.Id, out _host);
        Context.Watch(_host);
        _hooks = instance as IClusterSingleton;
        if (_hooks is not null) RunHook(_hooks.ActivateAsync, then: null);
        _log.Info("Singleton '{0}' is now hosted here as {1}.", _name, proxy.Id);
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RemoteInvocation invocation when _handingOver:
                Sender.Tell(new RemoteReply(invocation.CallId, ReplyStatus.TargetNotFound,
                    $"Cluster singleton '{_name}' is handing over; the call goes to the next instance.", null));
                break;
            case RemoteInvocation invocation:
                Sender.Tell(new Status.Success(invocation.CallId));
                // A router resends unacknowledged calls after a member is removed; a copy of a call already taken is dropped.
                if (!_taken.Add((Sender, invocation.CallId))) break;
                _takenOrder.Enqueue((Sender, invocation.CallId));
                if (_takenOrder.Count > RememberedCalls) _taken.Remove(_takenOrder.Dequeue());
                _host.Forward(invocation);
                break;
            case CancelInvocation:
                _host.Forward(message);
                break;
            case SingletonHandOver:
                if (_handingOver) break;
                _handingOver = true;
                if (_hooks is null)
                {
                    // PoisonPill is an ordinary message: the calls forwarded before it run first. This actor stops on Terminated.
                    _host.Tell(PoisonPill.Instance);
                    break;
                }
                Timers.StartSingleTimer("passivation", PassivationTimedOut.Instance, _passivationTimeout);
                RunHook(_hooks.PassivateAsync, then: _host);
                break;
            case PassivationTimedOut:
                _host.Tell(PoisonPill.Instance);
                break;
            case Terminated t when t.ActorRef.Equals(_host):
                // The instance stopped on its own: the singleton is gone until the manager starts another (never, on this node).
                Context.Stop(Self);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Runs a hook as a turn of the hosted actor; when <paramref name="then"/> is set, it receives PoisonPill afterwards.</summary>
    private void RunHook(Func<Task> hook, IActorRef? then)
    {
        var log = _log;
        _host.Tell(new Continuation(_ =>
        {
            Task task;
            try
            {
                task = hook();
            }
            catch (Exception e)
            {
                task = Task.FromException(e);
            }
            task.ContinueWith(t =>
            {
                if (t.IsFaulted) log.Error(t.Exception!.InnerException, "A singleton hook of {0} threw.", hook.Target);
                then?.Tell(PoisonPill.Instance);
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }, null));
    }
}

/// <summary>The termination message the ClusterSingletonManager sends the old instance at hand-over.</summary>
internal sealed class SingletonHandOver
{
    public static readonly SingletonHandOver Instance = new();
}

/// <summary>The passivation hook did not complete within the settings' PassivationTimeout: the instance is stopped anyway.</summary>
internal sealed class PassivationTimedOut
{
    public static readonly PassivationTimedOut Instance = new();
}
