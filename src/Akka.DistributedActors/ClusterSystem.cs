using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.DistributedActors.Internal;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors;

/// <summary>
/// A node of a cluster: an Akka.NET ActorSystem with Akka.Cluster, seen through Swift's <c>ClusterSystem</c> API. Start one with
/// <see cref="StartAsync(string, Action{ClusterSystemSettings}?, CancellationToken)"/> (it owns its ActorSystem) or wrap an
/// existing ActorSystem with <see cref="Attach"/> (its lifetime stays with its owner). Dispose or <see cref="ShutdownAsync"/> to stop.
/// </summary>
public sealed partial class ClusterSystem : IAsyncDisposable
{
    internal const string TranslatorName = "distributed-actors-cluster-events";
    private const string InternalDispatcher = "akka.actor.internal-dispatcher";

    private readonly bool _ownsActorSystem;
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IActorRef _translator;
    private readonly IActorRef _joiner;
    private readonly object _gate = new();
    private Task? _shutdown;

    private ClusterSystem(ActorSystem system, ClusterSystemSettings settings, bool ownsActorSystem, bool alreadyJoining)
    {
        ActorSystem = system;
        Settings = settings;
        _ownsActorSystem = ownsActorSystem;
        var akkaCluster = AkkaCluster.Get(system);
        var selfRoles = akkaCluster.SelfRoles;
        var self = AkkaConversions.ToUniqueNode(akkaCluster.SelfUniqueAddress, selfRoles);
        var selfMember = new ClusterSpec.Member(self, ClusterSpec.MemberStatus.Joining, ClusterSpec.MemberReachability.Reachable, null,
            AkkaConversions.VisibleRoles(selfRoles));
        var holder = new MembershipHolder(ClusterSpec.Membership.Empty.ApplyMembershipChange(new ClusterSpec.MembershipChange(selfMember, null), out _));
        var extended = (ExtendedActorSystem)system;
        try
        {
            // Akka's internal dispatcher like the cluster's own actors: subscriptions must not queue behind user work. (Cluster
            // events themselves are translated on the publisher's thread, see ClusterEventTranslator.)
            _translator = extended.SystemActorOf(ClusterEventTranslator.Props(akkaCluster, holder).WithDispatcher(InternalDispatcher), TranslatorName);
            JoinMessageSerializer.EnsureRegistered(extended);
            _joiner = extended.SystemActorOf(JoinCoordinator.Props(akkaCluster, settings.Join, alreadyJoining), JoinCoordinator.Name);
        }
        catch (InvalidActorNameException e)
        {
            throw new InvalidOperationException($"ActorSystem {system.Name} already has a ClusterSystem attached.", e);
        }
        Cluster = new ClusterControl(akkaCluster, self, _translator, _joiner, holder, settings.EventStreamBufferSize, _terminated.Task);
        system.WhenTerminated.ContinueWith(_ =>
        {
            // Only a system this facade created: an attached one, and its extensions, belong to its owner.
            if (ownsActorSystem) ResolveCacheRelease.Release(system);
            _terminated.TrySetResult();
        }, TaskScheduler.Default);
        OnActorsStarted();
        OnDowningStarted();
        OnDiscoveryStarted();
    }

    /// <summary>This node's own system name (<see cref="ClusterSystemSettings.Name"/>).</summary>
    public string Name => Settings.Name;

    /// <summary>The settings this system was started with.</summary>
    public ClusterSystemSettings Settings { get; }

    /// <summary>The cluster: membership, events, join, leave, down.</summary>
    public ClusterControl Cluster { get; }

    /// <summary>The underlying Akka.NET ActorSystem, for anything the facade does not cover.</summary>
    public ActorSystem ActorSystem { get; }

    /// <summary>The system's logger.</summary>
    public ILoggingAdapter Log => ActorSystem.Log;

    /// <summary>Completes when the system has shut down (or, for an attached system, when the facade was shut down or the ActorSystem terminated).</summary>
    public Task Terminated => _terminated.Task;

    /// <summary>True once shutdown has started or the underlying ActorSystem has terminated (as Swift's <c>isTerminated</c>).</summary>
    public bool IsTerminated => Volatile.Read(ref _shutdown) is not null || _terminated.Task.IsCompleted;

    /// <summary>Starts a node named <paramref name="name"/> (Swift: <c>await ClusterSystem("name") { settings in ... }</c>).</summary>
    public static Task<ClusterSystem> StartAsync(string name, Action<ClusterSystemSettings>? configure = null, CancellationToken cancellationToken = default)
    {
        var settings = new ClusterSystemSettings(name);
        configure?.Invoke(settings);
        return StartAsync(settings, cancellationToken);
    }

    /// <summary>
    /// Starts a node with <paramref name="settings"/> (defaults when null). Invalid settings or an address that cannot be bound throw
    /// <see cref="ClusterSystemSettingsException"/> naming the setting and its value.
    /// </summary>
    public static async Task<ClusterSystem> StartAsync(ClusterSystemSettings? settings = null, CancellationToken cancellationToken = default)
    {
        settings ??= new ClusterSystemSettings();
        settings.Validate();
        var config = HoconBuilder.Build(settings);
        CheckBindable(settings);
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config));
        ConfigureActorsSetup(settings, ref setup);
        ConfigureSecuritySetup(settings, ref setup);
        ConfigureLoggingSetup(settings, ref setup);
        ActorSystem system;
        try
        {
            // ActorSystem.Create blocks until remoting listens and the cluster daemons answer (Akka waits on asks with .Result);
            // on a dedicated thread it cannot starve the thread pool those asks, and every running node's heartbeats, need.
            system = await Task.Factory.StartNew(() => ActorSystem.Create(settings.ClusterName, setup), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw BindFailure(settings, e);
        }
        return new ClusterSystem(system, settings, ownsActorSystem: true, alreadyJoining: false);
    }

    /// <summary>
    /// Wraps an ActorSystem someone else created with <c>akka.actor.provider = cluster</c> (Akka.Hosting, an existing service).
    /// The facade takes the system's name and configuration as they are; <paramref name="configure"/> may set the facade-only
    /// settings (event buffer, join retries, remote calls, logging). A setting whose HOCON the running system does not hold
    /// (downing, failure detector, ...) throws <see cref="ClusterSystemSettingsException"/> naming it and the HOCON line the
    /// system needs. Shutting the facade down leaves the ActorSystem running.
    /// </summary>
    public static ClusterSystem Attach(ActorSystem existing, Action<ClusterSystemSettings>? configure = null)
    {
        CheckAttachable(existing);
        var settings = new ClusterSystemSettings(existing.Name);
        FillFromSystem(settings, existing, rolesSet: false);
        var before = HoconBuilder.Build(settings);
        configure?.Invoke(settings);
        settings.Validate();
        return AttachCore(existing, settings, AttachedConfiguration.Changed(before, HoconBuilder.Build(settings)));
    }

    /// <summary>
    /// Attaches to a system whose configuration was built with <paramref name="explicitly"/> (the HOCON of the settings the
    /// user set, see <see cref="AttachedConfiguration"/>); what the user left unset is taken from the system.
    /// </summary>
    internal static ClusterSystem AttachConfigured(ActorSystem existing, ClusterSystemSettings settings, IReadOnlyDictionary<string, string> explicitly)
    {
        CheckAttachable(existing);
        if (settings.ClusterName != ClusterSystemSettings.DefaultName && settings.ClusterName != existing.Name)
            throw new ClusterSystemSettingsException(nameof(ClusterSystemSettings.ClusterName), settings.ClusterName,
                $"must be the name of the ActorSystem it applies to, {existing.Name}.");
        // A Name the user set travels in the roles they set, so the name is read back from the system either way.
        FillFromSystem(settings, existing, rolesSet: explicitly.ContainsKey("akka.cluster.roles"));
        settings.Validate();
        return AttachCore(existing, settings, explicitly);
    }

    private static void CheckAttachable(ActorSystem existing)
    {
        ArgumentNullException.ThrowIfNull(existing);
        if (existing.WhenTerminated.IsCompleted)
            throw new ArgumentException($"ActorSystem {existing.Name} has already terminated.", nameof(existing));
        if (((ExtendedActorSystem)existing).Provider is not Akka.Cluster.ClusterActorRefProvider)
            throw new ArgumentException($"ActorSystem {existing.Name} does not use Akka.Cluster; configure akka.actor.provider = cluster.", nameof(existing));
    }

    private static void FillFromSystem(ClusterSystemSettings settings, ActorSystem existing, bool rolesSet)
    {
        var akkaCluster = AkkaCluster.Get(existing);
        settings.Name = AkkaConversions.SystemNameFromRoles(akkaCluster.SelfRoles) ?? existing.Name;
        settings.ClusterName = existing.Name;
        settings.Node.Host = akkaCluster.SelfAddress.Host ?? settings.Node.Host;
        settings.Node.Port = akkaCluster.SelfAddress.Port ?? 0;
        if (rolesSet) return;
        settings.Roles.Clear();
        foreach (var role in AkkaConversions.VisibleRoles(akkaCluster.SelfRoles)) settings.Roles.Add(role);
    }

    private static ClusterSystem AttachCore(ActorSystem existing, ClusterSystemSettings settings, IReadOnlyDictionary<string, string> explicitly)
    {
        AttachedConfiguration.Verify(existing, explicitly);
        var akkaCluster = AkkaCluster.Get(existing);
        var joining = existing.Settings.Config.GetStringList("akka.cluster.seed-nodes", []).Count > 0 || !akkaCluster.State.Members.IsEmpty;
        var system = new ClusterSystem(existing, settings, ownsActorSystem: false, alreadyJoining: joining);
        system.ApplyAttachedLogging(explicitly);
        // The on-down delay needs the phase timeout that comes with an OnDownAction the user set (verified above).
        if (explicitly.Keys.Any(key => AttachedConfiguration.SettingOf(key) == nameof(ClusterSystemSettings.OnDownAction))) system.AddOnDownDelay();
        return system;
    }

    /// <summary>
    /// Shuts down; idempotent (every caller gets the same task). An owned system leaves the cluster gracefully through Akka's
    /// coordinated shutdown and terminates; an attached one only stops the facade. Event streams end.
    /// </summary>
    public Task ShutdownAsync()
    {
        lock (_gate)
        {
            return _shutdown ??= ShutdownCoreAsync();
        }
    }

    private async Task ShutdownCoreAsync()
    {
        try
        {
            OnDiscoveryShuttingDown();
            OnActorsShuttingDown();
            if (_ownsActorSystem && !ActorSystem.WhenTerminated.IsCompleted)
            {
                await CoordinatedShutdown.Get(ActorSystem).Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance).ConfigureAwait(false);
                await ActorSystem.WhenTerminated.ConfigureAwait(false);
            }
            else if (!ActorSystem.WhenTerminated.IsCompleted)
            {
                await Task.WhenAll(
                    _translator.GracefulStop(TimeSpan.FromSeconds(5)),
                    _joiner.GracefulStop(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
            }
        }
        finally
        {
            _terminated.TrySetResult();
        }
    }

    /// <summary>Same as <see cref="ShutdownAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await ShutdownAsync().ConfigureAwait(false);

    /// <summary><c>ClusterSystem(name, node)</c>.</summary>
    public override string ToString() => $"ClusterSystem({Name}, {Cluster.UniqueNode})";

    // Extension points, one per feature area, each implemented in that area's own partial file (Actors/, Downing/, ...).
    // Unimplemented partial methods compile to nothing.

    /// <summary>Adds the Akka setups of the distributed-actor runtime (serialization, dependency injection) before the ActorSystem is created.</summary>
    static partial void ConfigureActorsSetup(ClusterSystemSettings settings, ref ActorSystemSetup setup);

    /// <summary>Adds the TLS setup (this node's certificate, peer validation) before the ActorSystem is created.</summary>
    static partial void ConfigureSecuritySetup(ClusterSystemSettings settings, ref ActorSystemSetup setup);

    /// <summary>Hands <see cref="LoggingSettings.LoggerFactory"/> to the ActorSystem's logger before it is created.</summary>
    static partial void ConfigureLoggingSetup(ClusterSystemSettings settings, ref ActorSystemSetup setup);

    /// <summary>Starts the distributed-actor runtime once the facade is up.</summary>
    partial void OnActorsStarted();

    /// <summary>Starts downing support once the facade is up.</summary>
    partial void OnDowningStarted();

    /// <summary>Starts service discovery once the facade is up.</summary>
    partial void OnDiscoveryStarted();

    /// <summary>Fails pending remote calls and stops runtime parts before the system goes away.</summary>
    partial void OnActorsShuttingDown();

    /// <summary>Stops discovery before the system goes away.</summary>
    partial void OnDiscoveryShuttingDown();

    private static void CheckBindable(ClusterSystemSettings settings)
    {
        var hostSetting = settings.Node.BindHost is null ? "Node.Host" : "Node.BindHost";
        var host = settings.Node.BindHost ?? settings.Node.Host;
        var portSetting = settings.Node.BindPort is null ? "Node.Port" : "Node.BindPort";
        var port = settings.Node.BindPort ?? settings.Node.Port;
        IPAddress address;
        try
        {
            address = IPAddress.TryParse(host, out var ip) ? ip : Dns.GetHostAddresses(host).First();
        }
        catch (Exception e)
        {
            throw new ClusterSystemSettingsException(hostSetting, host, $"cannot be resolved to an address ({e.Message}).", e);
        }
        var listener = new TcpListener(address, port);
        if (OperatingSystem.IsLinux())
        {
            // Only SO_REUSEADDR (level SOL_SOCKET = 1, option 2): a port in TIME_WAIT is free, a live listener is not.
            // .NET's ReuseAddress also sets SO_REUSEPORT on Linux, which would let this probe (and a second node) share
            // the port of a running node whose transport sets it too.
            listener.Server.SetRawSocketOption(1, 2, BitConverter.GetBytes(1));
        }
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new ClusterSystemSettingsException(portSetting, port, $"is already in use on {host}.", e);
        }
        catch (SocketException e)
        {
            throw new ClusterSystemSettingsException(hostSetting, host, $"cannot be bound on this machine ({e.SocketErrorCode}).", e);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static Exception BindFailure(ClusterSystemSettings settings, Exception e)
    {
        var port = settings.Node.BindPort ?? settings.Node.Port;
        var text = e.ToString();
        if (text.Contains("Address already in use", StringComparison.OrdinalIgnoreCase) || text.Contains("AddressAlreadyInUse", StringComparison.Ordinal))
            return new ClusterSystemSettingsException(settings.Node.BindPort is null ? "Node.Port" : "Node.BindPort", port, "is already in use.", e);
        return new InvalidOperationException($"Could not start cluster system {settings.Name} on {settings.Node.Host}:{settings.Node.Port}: {e.Message}", e);
    }
}
