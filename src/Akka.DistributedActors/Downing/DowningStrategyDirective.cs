namespace Akka.DistributedActors;

/// <summary>
/// What a <see cref="IDowningStrategy"/> asks the downing shell to do after an event or a timeout (Swift's
/// <c>DowningStrategyDirective</c>): <see cref="None"/>, <see cref="StartTimer"/>, <see cref="CancelTimer"/> or
/// <see cref="MarkAsDown"/>, a closed set like <see cref="Cluster.Event"/>. <see cref="DowningDirectives"/> has short factories
/// for <c>using static</c>.
/// </summary>
public abstract partial record DowningStrategyDirective
{
    private DowningStrategyDirective()
    {
    }
}
