namespace Akka.DistributedActors;

public abstract partial record DowningStrategyDirective
{
    /// <summary>Do nothing.</summary>
    public sealed record None : DowningStrategyDirective
    {
        /// <summary>The one value of this directive (all are equal).</summary>
        public static None Instance { get; } = new();

        /// <inheritdoc />
        public override string ToString() => "None";
    }
}
