namespace Akka.DistributedActors;

/// <summary>
/// What a node does when it learns that it was marked Down (Swift's <c>OnDownActionStrategySettings</c>, set on
/// <see cref="ClusterSystemSettings.OnDownAction"/>). Default <see cref="GracefulShutdown"/> after 3 s. Applies to systems the
/// facade starts; an attached ActorSystem keeps its own <c>akka.cluster.run-coordinated-shutdown-when-down</c>.
/// </summary>
public sealed class OnDownActionStrategySettings
{
    /// <summary>The kinds of action.</summary>
    public enum ActionKind
    {
        /// <summary>Keep the system running; the Down event still arrives and the cluster part of the node stops.</summary>
        None,

        /// <summary>Shut the whole system down after <see cref="Delay"/> (Akka's coordinated shutdown).</summary>
        GracefulShutdown,
    }

    private OnDownActionStrategySettings(ActionKind kind, TimeSpan delay)
    {
        Kind = kind;
        Delay = delay;
    }

    /// <summary>Keep running when downed (<c>akka.cluster.run-coordinated-shutdown-when-down = off</c>).</summary>
    public static OnDownActionStrategySettings None { get; } = new(ActionKind.None, TimeSpan.Zero);

    /// <summary>Shut the system down <paramref name="delay"/> (zero or more; zero means at once) after learning it is Down.</summary>
    public static OnDownActionStrategySettings GracefulShutdown(TimeSpan delay) => new(ActionKind.GracefulShutdown, delay);

    /// <summary>The default: <see cref="GracefulShutdown"/> after 3 s, as in Swift.</summary>
    public static OnDownActionStrategySettings Default { get; } = GracefulShutdown(TimeSpan.FromSeconds(3));

    /// <summary>Which action.</summary>
    public ActionKind Kind { get; }

    /// <summary>The delay before shutting down (<see cref="ActionKind.GracefulShutdown"/> only).</summary>
    public TimeSpan Delay { get; }

    /// <inheritdoc />
    public override string ToString() => Kind == ActionKind.GracefulShutdown ? $"GracefulShutdown(delay: {Delay})" : "None";
}
