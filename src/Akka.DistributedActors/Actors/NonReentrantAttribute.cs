namespace Akka.DistributedActors;

/// <summary>
/// Makes a <see cref="DistributedActor"/> class non-reentrant: while one call is awaiting, the next call waits until it has
/// completed (the Akka.NET / Orleans default). Without it actors are reentrant as in Swift: at an <c>await</c> other calls may
/// run, but never two turns at once.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class NonReentrantAttribute : Attribute
{
}
