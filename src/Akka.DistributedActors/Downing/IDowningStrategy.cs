namespace Akka.DistributedActors;

/// <summary>
/// Decides which members to mark Down (Swift's <c>DowningStrategy</c>). A strategy is pure: it sees this node's ordered cluster
/// events (a <see cref="Cluster.Snapshot"/> first, then every change once) and timer expiries, and answers with a
/// <see cref="DowningStrategyDirective"/>. It never touches Akka, timers or clocks; the downing shell runs the timers and issues
/// the downs. Calls never overlap, so a strategy needs no locking. See docs/writing-a-downing-strategy.md.
/// </summary>
public interface IDowningStrategy
{
    /// <summary>Called for every cluster event in order, the first being the subscription's Snapshot; returns what to do.</summary>
    DowningStrategyDirective OnClusterEvent(Cluster.Event clusterEvent);

    /// <summary>Called when a timer started with <see cref="DowningStrategyDirective.StartTimer"/> for <paramref name="member"/> fires (and was not cancelled).</summary>
    DowningStrategyDirective OnTimeout(Cluster.Member member);
}
