namespace Akka.DistributedActors;

public abstract partial record DowningStrategyDirective
{
    /// <summary>
    /// Start the timer of <see cref="Member"/>, replacing a running one; when it fires after <see cref="Delay"/>,
    /// <see cref="IDowningStrategy.OnTimeout"/> is called with the member.
    /// </summary>
    public sealed record StartTimer : DowningStrategyDirective
    {
        /// <summary>Starts the timer of <paramref name="member"/>; <paramref name="delay"/> must be zero or more.</summary>
        public StartTimer(Cluster.Member member, TimeSpan delay)
        {
            ArgumentNullException.ThrowIfNull(member);
            if (delay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A timer delay must not be negative.");
            Member = member;
            Delay = delay;
        }

        /// <summary>The member whose timer starts.</summary>
        public Cluster.Member Member { get; }

        /// <summary>How long until the timer fires.</summary>
        public TimeSpan Delay { get; }

        /// <inheritdoc />
        public override string ToString() => $"StartTimer({Member.Node}, {Delay})";
    }
}
