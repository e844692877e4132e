using Akka.Actor;
using Akka.Cluster.Tools.Singleton;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The target of a singleton's proxies on one node (a relay, not an Akka router). Sends calls through Akka's
/// ClusterSingletonProxy (which buffers them while no instance is known), relays the replies, and fails a call that no
/// instance acknowledged within the allocation timeout, or
/// that would exceed the buffer capacity, with <see cref="ClusterSingletonAllocationException"/>.
/// </summary>
internal sealed class SingletonCallRelay : UntypedActor, IWithTimers
{
    private readonly string _name;
    private readonly ClusterSingletonSettings _settings;
    private readonly TimeSpan _forget;
    private readonly TimeSpan _resendLostDelay;
    private readonly IActorRef _translator;
    private readonly Dictionary<long, Waiting> _calls = new();
    private IActorRef _proxy = ActorRefs.Nobody;
    private int _unacknowledged;

    public SingletonCallRelay(string name, string managerPath, ClusterSingletonSettings settings, TimeSpan callTimeout, IActorRef translator)
    {
        _name = name;
        _translator = translator;
        _settings = settings;
        _forget = callTimeout == Timeout.InfiniteTimeSpan ? TimeSpan.FromMinutes(10) : callTimeout + callTimeout;
        // A quarter of the identification interval: the proxy has likely moved on by then, and a call bounces a few times at most.
        _resendLostDelay = TimeSpan.FromMilliseconds(Math.Clamp(settings.IdentificationInterval.TotalMilliseconds / 4, 10, 250));
        ManagerPath = managerPath;
    }

    private string ManagerPath { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string name, string managerPath, ClusterSingletonSettings settings, TimeSpan callTimeout, IActorRef translator) =>
        Akka.Actor.Props.Create(() => new SingletonCallRelay(name, managerPath, settings, callTimeout, translator));

    protected override void PreStart()
    {
        var proxySettings = new ClusterSingletonProxySettings(SingletonPaths.ChildName, _settings.Role, _settings.IdentificationInterval,
            Math.Max(1, _settings.BufferCapacity), considerAppVersion: false,
            false, TimeSpan.FromSeconds(60));
        _proxy = Context.ActorOf(ClusterSingletonProxy.Props(ManagerPath, proxySettings), "proxy");
        var interval = TimeSpan.FromMilliseconds(Math.Clamp(_settings.AllocationTimeout.TotalMilliseconds / 10, 10, 250));
        Timers.StartPeriodicTimer("sweep", Tick.Instance, interval);
        // The translator drops this subscription when this actor stops (it watches actor subscribers).
        _translator.Tell(new TranslatorProtocol.Subscribe(new ActorSubscriber(Self)));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case RemoteInvocation invocation:
                if (_unacknowledged >= _settings.BufferCapacity)
                {
                    Fail(Sender, invocation.CallId,
                        $"Cluster singleton '{_name}' has no instance yet and {_unacknowledged} calls already wait for one (BufferCapacity).");
                    break;
                }
                _calls[invocation.CallId] = new Waiting(Sender, invocation, Environment.TickCount64);
                _unacknowledged++;
                _proxy.Tell(invocation, Self);
                break;
            case CancelInvocation cancel:
                _proxy.Tell(cancel, Self);
                break;
            case Status.Success { Status: long callId }:
                if (_calls.TryGetValue(callId, out var acked) && !acked.Acknowledged)
                {
                    _calls[callId] = acked with { Acknowledged = true };
                    _unacknowledged--;
                }
                break;
            case RemoteReply { Status: ReplyStatus.TargetNotFound } notFound
                when _calls.TryGetValue(notFound.CallId, out var lost) && !lost.Acknowledged:
                // No instance took the call: it reached an old instance that is handing over, or its path after that stopped.
                // It never ran, so it goes back to the proxy shortly (not at once: until the proxy learns of the new instance it
                // sends to the old one again, and an immediate resend would spin over the network); the allocation timeout applies.
                _calls[notFound.CallId] = lost with { ResendDue = true };
                if (!Timers.IsTimerActive("resend-lost")) Timers.StartSingleTimer("resend-lost", ResendLost.Instance, _resendLostDelay);
                break;
            case ResendLost:
                foreach (var (callId, due) in _calls.Where(c => c.Value.ResendDue).ToList())
                {
                    _calls[callId] = due with { ResendDue = false };
                    if (!due.Acknowledged) _proxy.Tell(due.Invocation, Self);
                }
                break;
            case RemoteReply reply:
                if (_calls.Remove(reply.CallId, out var waiting))
                {
                    if (!waiting.Acknowledged) _unacknowledged--;
                    waiting.Caller.Tell(reply, Self);
                }
                break;
            case Tick:
                Sweep();
                break;
            case Cluster.MembershipChange { Status: Cluster.MemberStatus.Removed }:
                // Calls sent to an instance on a member that has just gone may have been lost with its connection. Unacknowledged
                // ones go out again now and once more after the proxy has had time to find the new instance; the instance drops
                // the copies it already took, so each call runs once.
                ResendUnacknowledged();
                Timers.StartSingleTimer("resend", Resend.Instance, _settings.IdentificationInterval + _settings.IdentificationInterval);
                break;
            case Resend:
                ResendUnacknowledged();
                break;
            case Cluster.Event:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void ResendUnacknowledged()
    {
        foreach (var waiting in _calls.Values)
        {
            if (!waiting.Acknowledged) _proxy.Tell(waiting.Invocation, Self);
        }
    }

    private void Sweep()
    {
        var now = Environment.TickCount64;
        var allocation = (long)_settings.AllocationTimeout.TotalMilliseconds;
        var forget = (long)_forget.TotalMilliseconds;
        foreach (var (callId, waiting) in _calls.ToList())
        {
            if (!waiting.Acknowledged && now - waiting.SinceMs >= allocation)
            {
                _calls.Remove(callId);
                _unacknowledged--;
                Fail(waiting.Caller, callId,
                    $"No instance of cluster singleton '{_name}' was allocated within {_settings.AllocationTimeout.TotalMilliseconds:0} ms (AllocationTimeout).");
            }
            else if (waiting.Acknowledged && now - waiting.SinceMs >= forget)
            {
                // The caller's own timeout has long fired; the reply will not come (the instance's node went away).
                _calls.Remove(callId);
            }
        }
    }

    private void Fail(IActorRef caller, long callId, string detail) =>
        caller.Tell(ReplyCodec.ExceptionReply(callId, typeof(ClusterSingletonAllocationException), detail), Self);

    private sealed record Waiting(IActorRef Caller, RemoteInvocation Invocation, long SinceMs, bool Acknowledged = false, bool ResendDue = false);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed class ResendLost
    {
        public static readonly ResendLost Instance = new();
    }

    private sealed class Resend
    {
        public static readonly Resend Instance = new();
    }
}

/// <summary>Where a singleton's Akka actors live; the same on every node.</summary>
internal static class SingletonPaths
{
    public const string ChildName = "singleton";

    public static string ManagerName(string singleton) => "dda-singleton-" + singleton;

    public static string RelayName(string singleton) => "dda-singleton-proxy-" + singleton;

    public static string ManagerPath(string singleton) => "/system/" + ManagerName(singleton);
}
