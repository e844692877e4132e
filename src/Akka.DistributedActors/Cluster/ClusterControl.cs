using Akka.Actor;
using Akka.DistributedActors.Internal;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors;

/// <summary>
/// The cluster of one <see cref="ClusterSystem"/> (<c>system.Cluster</c>): this node's identity, joining, leaving and downing,
/// the current membership and the ordered event stream, and waits for members to reach a status.
/// </summary>
public sealed class ClusterControl
{
    private readonly AkkaCluster _cluster;
    private readonly IActorRef _joiner;
    private readonly MembershipHolder _holder;

    internal ClusterControl(AkkaCluster cluster, UniqueNode self, IActorRef translator, IActorRef joiner, MembershipHolder holder,
        int bufferSize, Task systemTerminated)
    {
        _cluster = cluster;
        _joiner = joiner;
        _holder = holder;
        UniqueNode = self;
        Events = new ClusterEventStream(translator, bufferSize, systemTerminated);
    }

    /// <summary>This node's incarnation; with port 0 it carries the port actually bound.</summary>
    public UniqueNode UniqueNode { get; }

    /// <summary>This node's endpoint.</summary>
    public Node Node => UniqueNode.Node;

    /// <summary>
    /// The membership as of the latest published event. It is updated before each event is delivered, so it is never behind
    /// an event a subscriber has seen. Before joining it holds this node as Joining.
    /// </summary>
    public Cluster.Membership MembershipSnapshot => _holder.Current;

    /// <summary>This node's member in <see cref="MembershipSnapshot"/> (Joining until the cluster says otherwise).</summary>
    public Cluster.Member Member =>
        _holder.Current.FindMember(UniqueNode) ?? new Cluster.Member(UniqueNode, Cluster.MemberStatus.Joining);

    /// <summary>The ordered event stream: each enumeration starts with a <see cref="Cluster.Snapshot"/>, then every change once.</summary>
    public ClusterEventStream Events { get; }

    /// <summary>Joins the cluster of <paramref name="node"/> (see <see cref="Join(DistributedActors.Node)"/>).</summary>
    public void Join(UniqueNode node) => Join((node ?? throw new ArgumentNullException(nameof(node))).Node);

    /// <summary>
    /// Joins this node and <paramref name="node"/> into one cluster. Fire-and-forget: retried until the other node answers
    /// (<see cref="JoinSettings"/>). If one of them already belongs to a cluster the other joins it; if neither does, the lower
    /// address founds it. Joining yourself founds a cluster of one. A node that belongs to a cluster cannot join another one.
    /// </summary>
    public void Join(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _joiner.Tell(new JoinCoordinator.JoinTo(AkkaConversions.ToAddress(node, _cluster.SelfAddress)));
    }

    /// <summary>Joins the node at <paramref name="host"/>:<paramref name="port"/>.</summary>
    public void Join(string host, int port) => Join(new Node(host, port));

    /// <summary>Leaves the cluster gracefully: this node goes Leaving, then is Removed, then its system shuts down (Akka's leave).</summary>
    public void Leave() => _cluster.Leave(_cluster.SelfAddress);

    /// <summary>Marks the member on <paramref name="node"/>'s endpoint Down; the leader then removes it. Unknown endpoints are ignored.</summary>
    public void Down(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        _cluster.Down(AkkaConversions.ToAddress(node, _cluster.SelfAddress));
    }

    /// <summary>Marks <paramref name="member"/> Down.</summary>
    public void Down(Cluster.Member member) => Down((member ?? throw new ArgumentNullException(nameof(member))).Node.Node);

    /// <summary>Waits until this node is Up (or further) and returns its member; throws <see cref="Cluster.MembershipError"/> after <paramref name="within"/>.</summary>
    public Task<Cluster.Member> JoinedAsync(TimeSpan within, CancellationToken cancellationToken = default) =>
        WaitForAtLeastAsync(UniqueNode, Cluster.MemberStatus.Up, within, cancellationToken);

    /// <summary>Joins <paramref name="node"/> unless it is already a member past Joining, then waits until it is Up on this node.</summary>
    public Task<Cluster.Member> JoinedAsync(UniqueNode node, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var known = MembershipSnapshot.FindMember(node);
        if (known is not null && known.Status > Cluster.MemberStatus.Joining) return Task.FromResult(known);
        Join(node);
        return WaitForAtLeastAsync(node, Cluster.MemberStatus.Up, within, cancellationToken);
    }

    /// <summary>Joins the node at <paramref name="endpoint"/> and waits until a member on that endpoint is Up (or further).</summary>
    public async Task<Cluster.Member> JoinedAsync(Node endpoint, TimeSpan within, CancellationToken cancellationToken = default)
    {
        var known = MembershipSnapshot.AnyMember(endpoint);
        if (known is not null && known.Status > Cluster.MemberStatus.Joining) return known;
        Join(endpoint);
        return await WaitAsync<Cluster.Member>(m =>
        {
            var found = m.AnyMember(endpoint);
            return found is not null && found.Status >= Cluster.MemberStatus.Up
                ? (true, found, null)
                : (false, null!, Unmet(Cluster.MembershipError.ErrorKind.AtLeastStatusRequirementNotMet,
                    $"expected a member on {endpoint} to be at least Up, found {found?.ToString() ?? "none"}"));
        }, within, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until <paramref name="node"/> has exactly <paramref name="status"/>. Waiting for Down or Removed also succeeds when the
    /// node is no longer a member (it was removed), returning it as Removed and Unreachable.
    /// </summary>
    public Task<Cluster.Member> WaitForAsync(UniqueNode node, Cluster.MemberStatus status, TimeSpan within, CancellationToken cancellationToken = default) =>
        WaitAsync<Cluster.Member>(m =>
        {
            var found = m.FindMember(node);
            if (found is not null && found.Status == status) return (true, found, null);
            if (found is null && status >= Cluster.MemberStatus.Down)
                return (true, new Cluster.Member(node, Cluster.MemberStatus.Removed).AsUnreachable, null);
            return (false, null!, found is null
                ? Unmet(Cluster.MembershipError.ErrorKind.NotFound, $"expected {node} to be {status}, but it is not a member of {m}")
                : Unmet(Cluster.MembershipError.ErrorKind.StatusRequirementNotMet, $"expected {node} to be {status}, found {found}"));
        }, within, cancellationToken);

    /// <summary>
    /// Waits until <paramref name="node"/> has status <paramref name="atLeast"/> or further (Swift's documented intent; Swift's own
    /// check is inverted, see docs/mapping.md). For Down or Removed, a node that is not a member counts as Removed.
    /// </summary>
    public Task<Cluster.Member> WaitForAtLeastAsync(UniqueNode node, Cluster.MemberStatus atLeast, TimeSpan within, CancellationToken cancellationToken = default) =>
        WaitAsync<Cluster.Member>(m =>
        {
            var found = m.FindMember(node);
            if (found is not null && found.Status >= atLeast) return (true, found, null);
            if (found is null && atLeast >= Cluster.MemberStatus.Down)
                return (true, new Cluster.Member(node, Cluster.MemberStatus.Removed).AsUnreachable, null);
            return (false, null!, found is null
                ? Unmet(Cluster.MembershipError.ErrorKind.NotFound, $"expected {node} to be at least {atLeast}, but it is not a member of {m}")
                : Unmet(Cluster.MembershipError.ErrorKind.AtLeastStatusRequirementNotMet, $"expected {node} to be at least {atLeast}, found {found}"));
        }, within, cancellationToken);

    /// <summary>Waits until every node in <paramref name="nodes"/> has exactly <paramref name="status"/> (see the single-node overload).</summary>
    public Task WaitForAsync(IEnumerable<UniqueNode> nodes, Cluster.MemberStatus status, TimeSpan within, CancellationToken cancellationToken = default) =>
        Task.WhenAll(nodes.Select(n => WaitForAsync(n, status, within, cancellationToken)));

    /// <summary>Waits until every node in <paramref name="nodes"/> has status <paramref name="atLeast"/> or further.</summary>
    public Task WaitForAtLeastAsync(IEnumerable<UniqueNode> nodes, Cluster.MemberStatus atLeast, TimeSpan within, CancellationToken cancellationToken = default) =>
        Task.WhenAll(nodes.Select(n => WaitForAtLeastAsync(n, atLeast, within, cancellationToken)));

    private static Cluster.MembershipError Unmet(Cluster.MembershipError.ErrorKind kind, string message) => new(kind, message);

    private async Task<T> WaitAsync<T>(Func<Cluster.Membership, (bool Done, T Value, Cluster.MembershipError? Unmet)> check,
        TimeSpan within, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(within);
        Cluster.MembershipError? lastUnmet = null;
        var membership = Cluster.Membership.Empty;
        try
        {
            await foreach (var e in Events.WithCancellation(cts.Token).ConfigureAwait(false))
            {
                membership = membership.Apply(e);
                var (done, value, unmet) = check(membership);
                if (done) return value;
                lastUnmet = unmet;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Cluster.MembershipError(Cluster.MembershipError.ErrorKind.AwaitStatusTimedOut,
                $"Timed out after {within.TotalMilliseconds:0}ms: {lastUnmet?.Message ?? "condition not met"}.", lastUnmet);
        }
        throw new Cluster.MembershipError(Cluster.MembershipError.ErrorKind.AwaitStatusTimedOut,
            $"The cluster system shut down while waiting: {lastUnmet?.Message ?? "condition not met"}.", lastUnmet);
    }
}
