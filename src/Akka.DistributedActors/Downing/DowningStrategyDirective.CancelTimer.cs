namespace Akka.DistributedActors;

public abstract partial record DowningStrategyDirective
{
    /// <summary>Cancel the timer of <see cref="Member"/>, if any; a cancelled timer never reaches <see cref="IDowningStrategy.OnTimeout"/>.</summary>
    public sealed record CancelTimer : DowningStrategyDirective
    {
        /// <summary>Cancels the timer of <paramref name="member"/>.</summary>
        public CancelTimer(Cluster.Member member)
        {
            ArgumentNullException.ThrowIfNull(member);
            Member = member;
        }

        /// <summary>The member whose timer is cancelled.</summary>
        public Cluster.Member Member { get; }

        /// <inheritdoc />
        public override string ToString() => $"CancelTimer({Member.Node})";
    }
}
