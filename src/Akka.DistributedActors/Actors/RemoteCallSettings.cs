namespace Akka.DistributedActors;

/// <summary>How calls on distributed actors behave (Swift's <c>RemoteCallSettings</c>).</summary>
public sealed class RemoteCallSettings
{
    /// <summary>How long a call waits for its reply unless <see cref="RemoteCall.WithTimeout(TimeSpan)"/> says otherwise; default 5 s.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Which exception types thrown by an actor this node hosts travel back to remote callers as themselves; the others arrive as
    /// <see cref="GenericRemoteCallException"/>. Default <see cref="ErrorAllowance.All"/>, as in Swift.
    /// </summary>
    public ErrorAllowance ErrorAllowance { get; set; } = ErrorAllowance.All;

    /// <summary>
    /// Creates the serializer of arguments and results of remote calls for a system; default
    /// <c>system =&gt; new JsonRemoteCallSerializer(system)</c> (System.Text.Json). Every node of a cluster must use compatible ones.
    /// </summary>
    public Func<ClusterSystem, IRemoteCallSerializer> Serializer { get; set; } = system => new JsonRemoteCallSerializer(system);

    /// <summary>
    /// Whether calls and replies to another node travel in batches: a call (or reply) that waits while an earlier one to the same
    /// node is still in Akka.Remote's pipeline goes out together with the others waiting, as one Akka message; a lone call goes at
    /// once, with no timer. Default true; false sends one Akka message per call and reply. Nodes with either setting work together.
    /// </summary>
    public bool Batching { get; set; } = true;

    /// <summary>The clock of call deadlines; tests set a manual one to time calls out without waiting.</summary>
    internal TimeProvider Time { get; set; } = TimeProvider.System;
}
