using System.Collections.Immutable;
using System.Reflection;
using Akka.Actor;
using AkkaMember = Akka.Cluster.Member;
using AkkaMemberStatus = Akka.Cluster.MemberStatus;

namespace Akka.DistributedActors.Internal;

/// <summary>Maps Akka.Cluster values to the facade's model.</summary>
internal static class AkkaConversions
{
    /// <summary>
    /// Each node's own system name travels to every other node as a role with this prefix, because Akka requires one
    /// ActorSystem name per cluster; the role is hidden from <c>Member.Roles</c>.
    /// </summary>
    public const string NameRolePrefix = "dda-name:";

    // Akka keeps Member.UpNumber internal; it is the only source of a real age that all nodes agree on.
    private static readonly Func<AkkaMember, int>? UpNumberGetter = typeof(AkkaMember)
        .GetProperty("UpNumber", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?
        .GetGetMethod(nonPublic: true)?.CreateDelegate<Func<AkkaMember, int>>();

    public static Cluster.MemberStatus ToStatus(AkkaMemberStatus status) => status switch
    {
        AkkaMemberStatus.Joining => Cluster.MemberStatus.Joining,
        AkkaMemberStatus.WeaklyUp or AkkaMemberStatus.Up => Cluster.MemberStatus.Up,
        AkkaMemberStatus.Leaving or AkkaMemberStatus.Exiting => Cluster.MemberStatus.Leaving,
        AkkaMemberStatus.Down => Cluster.MemberStatus.Down,
        AkkaMemberStatus.Removed => Cluster.MemberStatus.Removed,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown Akka member status."),
    };

    public static ulong ToNid(int uid) => unchecked((uint)uid);

    public static UniqueNode ToUniqueNode(Akka.Cluster.UniqueAddress address, IEnumerable<string> roles) =>
        new(ToNode(address.Address, SystemNameFromRoles(roles) ?? address.Address.System), ToNid(address.Uid));

    public static Node ToNode(Address address, string systemName) =>
        new(systemName, address.Host ?? "", address.Port ?? 0, address.Protocol);

    public static string? SystemNameFromRoles(IEnumerable<string> roles)
    {
        foreach (var role in roles)
        {
            if (role.StartsWith(NameRolePrefix, StringComparison.Ordinal))
                return role[NameRolePrefix.Length..];
        }
        return null;
    }

    public static ImmutableHashSet<string> VisibleRoles(IEnumerable<string> roles) =>
        roles.Where(r => !r.StartsWith(NameRolePrefix, StringComparison.Ordinal)).ToImmutableHashSet();

    public static Cluster.Member ToMember(AkkaMember member)
    {
        var status = ToStatus(member.Status);
        int? upNumber = null;
        if (status >= Cluster.MemberStatus.Up && UpNumberGetter is not null)
        {
            var n = UpNumberGetter(member);
            if (n != int.MaxValue) upNumber = n;
        }
        return new Cluster.Member(ToUniqueNode(member.UniqueAddress, member.Roles), status,
            Cluster.MemberReachability.Reachable, upNumber, VisibleRoles(member.Roles), member.AppVersion?.Version);
    }

    public static Address ToAddress(Node node, Address self) => new(self.Protocol, self.System, node.Host, node.Port);

    public static bool SameEndpoint(Address address, Node node) =>
        address.Port == node.Port && string.Equals(address.Host, node.Host, StringComparison.OrdinalIgnoreCase);
}
