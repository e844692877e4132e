namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>The first event of every subscription: the membership that all following events apply to.</summary>
    public sealed class Snapshot : Event
    {
        /// <summary>Wraps a membership.</summary>
        public Snapshot(Membership membership) => Membership = membership ?? throw new ArgumentNullException(nameof(membership));

        /// <summary>The membership at the moment of subscribing.</summary>
        public Membership Membership { get; }

        /// <inheritdoc />
        public override string ToString() => $"Snapshot({Membership})";
    }
}
