namespace Akka.DistributedActors;

public sealed partial class ClusterSystemSettings
{
    /// <summary>Timeouts, error allowance and serialization of calls on distributed actors.</summary>
    public RemoteCallSettings RemoteCall { get; } = new();

    /// <summary>
    /// The services <see cref="ClusterSystem.Spawn{TInterface, TImpl}(string?)"/> builds actors from (through
    /// Akka.DependencyInjection); null (default) leaves DI-based spawning unavailable.
    /// </summary>
    public IServiceProvider? Services { get; set; }

    partial void ValidateActors()
    {
        var timeout = RemoteCall.DefaultTimeout;
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
            throw new ClusterSystemSettingsException("RemoteCall.DefaultTimeout", timeout, "must be a positive duration.");
        if (RemoteCall.ErrorAllowance is null)
            throw new ClusterSystemSettingsException("RemoteCall.ErrorAllowance", null, "must be set, e.g. ErrorAllowance.All.");
        if (RemoteCall.Serializer is null)
            throw new ClusterSystemSettingsException("RemoteCall.Serializer", null, "must be set, e.g. system => new JsonRemoteCallSerializer(system).");
    }
}
