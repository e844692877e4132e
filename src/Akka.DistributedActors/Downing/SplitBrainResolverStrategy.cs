namespace Akka.DistributedActors;

/// <summary>
/// Which side of a partition Akka's split-brain resolver keeps (<c>akka.cluster.split-brain-resolver.active-strategy</c>).
/// Every strategy except <see cref="KeepReferee"/> runs in Akka's current resolver (<c>Akka.Cluster.SBR</c>); keep-referee exists
/// only in Akka's legacy resolver, which the facade then selects.
/// </summary>
public sealed class SplitBrainResolverStrategy
{
    /// <summary>The strategies.</summary>
    public enum StrategyKind
    {
        /// <summary>keep-majority: the side with more members survives; on a tie the side with the lowest address.</summary>
        KeepMajority,

        /// <summary>keep-oldest: the side with the oldest member survives.</summary>
        KeepOldest,

        /// <summary>static-quorum: a side survives when it has at least <see cref="QuorumSize"/> members.</summary>
        StaticQuorum,

        /// <summary>keep-referee: the side that can reach <see cref="Referee"/> survives (Akka's legacy resolver).</summary>
        KeepReferee,

        /// <summary>down-all: every member is downed when the cluster is partitioned.</summary>
        DownAll,
    }

    private SplitBrainResolverStrategy(StrategyKind kind, string? role = null, bool downIfAlone = false, int quorumSize = 0,
        Node? referee = null, int downAllIfLessThanNodes = 0)
    {
        Kind = kind;
        Role = role;
        DownIfAlone = downIfAlone;
        QuorumSize = quorumSize;
        Referee = referee;
        DownAllIfLessThanNodes = downAllIfLessThanNodes;
    }

    /// <summary>keep-majority, counting only members with <paramref name="role"/> when given (Akka's default strategy).</summary>
    public static SplitBrainResolverStrategy KeepMajority(string? role = null) => new(StrategyKind.KeepMajority, role);

    /// <summary>keep-oldest; with <paramref name="downIfAlone"/> (default true) an oldest member cut off from all others downs itself instead.</summary>
    public static SplitBrainResolverStrategy KeepOldest(bool downIfAlone = true, string? role = null) =>
        new(StrategyKind.KeepOldest, role, downIfAlone: downIfAlone);

    /// <summary>static-quorum of <paramref name="quorumSize"/> members (at least 1), counting only <paramref name="role"/> when given.</summary>
    public static SplitBrainResolverStrategy StaticQuorum(int quorumSize, string? role = null) =>
        new(StrategyKind.StaticQuorum, role, quorumSize: quorumSize);

    /// <summary>
    /// keep-referee: the side that reaches the node at <paramref name="referee"/> survives, and downs itself anyway when it has
    /// fewer than <paramref name="downAllIfLessThanNodes"/> (default 1) members. Runs Akka's legacy resolver, so
    /// <see cref="SplitBrainResolverSettings.DownAllWhenUnstable"/> does not apply.
    /// </summary>
    public static SplitBrainResolverStrategy KeepReferee(Node referee, int downAllIfLessThanNodes = 1) =>
        new(StrategyKind.KeepReferee, referee: referee ?? throw new ArgumentNullException(nameof(referee)),
            downAllIfLessThanNodes: downAllIfLessThanNodes);

    /// <summary>down-all: downs every member on any partition.</summary>
    public static SplitBrainResolverStrategy DownAll() => new(StrategyKind.DownAll);

    /// <summary>Which strategy.</summary>
    public StrategyKind Kind { get; }

    /// <summary>Only members with this role are counted (keep-majority, keep-oldest, static-quorum); null counts all.</summary>
    public string? Role { get; }

    /// <summary>keep-oldest only: the oldest member downs itself when it is cut off from all others.</summary>
    public bool DownIfAlone { get; }

    /// <summary>static-quorum only: the minimum number of members a side needs to survive.</summary>
    public int QuorumSize { get; }

    /// <summary>keep-referee only: the referee node.</summary>
    public Node? Referee { get; }

    /// <summary>keep-referee only: a side with fewer members than this downs itself.</summary>
    public int DownAllIfLessThanNodes { get; }

    internal string HoconName => Kind switch
    {
        StrategyKind.KeepMajority => "keep-majority",
        StrategyKind.KeepOldest => "keep-oldest",
        StrategyKind.StaticQuorum => "static-quorum",
        StrategyKind.KeepReferee => "keep-referee",
        _ => "down-all",
    };

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        StrategyKind.KeepOldest => $"KeepOldest(downIfAlone: {DownIfAlone}, role: {Role ?? "any"})",
        StrategyKind.StaticQuorum => $"StaticQuorum(quorumSize: {QuorumSize}, role: {Role ?? "any"})",
        StrategyKind.KeepReferee => $"KeepReferee(referee: {Referee}, downAllIfLessThanNodes: {DownAllIfLessThanNodes})",
        StrategyKind.DownAll => "DownAll",
        _ => $"KeepMajority(role: {Role ?? "any"})",
    };
}
