namespace Akka.DistributedActors;

/// <summary>
/// A distributed actor that a <see cref="WorkerPool{TWorker, TWork, TResult}"/> hands work to (Swift's <c>DistributedWorker</c>).
/// Declare a concrete interface deriving it, e.g. <c>interface IHasher : IDistributedWorker&lt;string, int&gt; { }</c>.
/// </summary>
// The generator makes proxies for the concrete interfaces deriving this one (with TWork/TResult substituted); the open generic
// itself never needs one, so its "generic interface" diagnostic does not apply here.
#pragma warning disable DA0008
public interface IDistributedWorker<in TWork, TResult> : IDistributedActor
{
    /// <summary>Performs one item of work and returns its result.</summary>
    Task<TResult> Submit(TWork work);
}
#pragma warning restore DA0008
