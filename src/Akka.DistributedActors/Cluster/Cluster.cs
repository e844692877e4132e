namespace Akka.DistributedActors;

/// <summary>
/// Namespace-like holder of the cluster's spec types, as in Swift: <see cref="Member"/>, <see cref="MemberStatus"/>,
/// <see cref="MemberReachability"/>, <see cref="Membership"/>, <see cref="Event"/> and its cases, and <see cref="MembershipError"/>.
/// </summary>
public static partial class Cluster
{
}
