namespace Akka.DistributedActors;

public static partial class Cluster
{
    /// <summary>
    /// A membership operation or wait failed; <see cref="Kind"/> says how and the message says what was expected and what was found.
    /// </summary>
    public sealed class MembershipError : Exception
    {
        /// <summary>The ways a membership operation can fail.</summary>
        public enum ErrorKind
        {
            /// <summary>A leader was selected that is not a member.</summary>
            NonMemberLeaderSelected,

            /// <summary>The node is not a member.</summary>
            NotFound,

            /// <summary>No member has the given endpoint.</summary>
            NotFoundAny,

            /// <summary>The member has not reached the requested minimum status.</summary>
            AtLeastStatusRequirementNotMet,

            /// <summary>The member does not have the requested status.</summary>
            StatusRequirementNotMet,

            /// <summary>A wait ran out of time; <see cref="Exception.InnerException"/> is the last unmet requirement, if any.</summary>
            AwaitStatusTimedOut,

            /// <summary>The join a wait depended on was given up: no answer in time, or the node there has another ActorSystem name.</summary>
            JoinGivenUp,
        }

        /// <summary>Creates an error of the given kind.</summary>
        public MembershipError(ErrorKind kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

        /// <summary>What went wrong.</summary>
        public ErrorKind Kind { get; }
    }
}
