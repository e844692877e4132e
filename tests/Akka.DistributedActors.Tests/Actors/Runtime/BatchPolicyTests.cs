using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>The batching decision alone: when an outbox sends, and which items a batch takes under its byte limits.</summary>
public sealed class BatchPolicyTests
{
    private static readonly BatchPolicy Policy = new(SoftLimitBytes: 1000, HardLimitBytes: 5000, StaleAfterMs: 100);

    [Fact]
    public void A_lone_item_sends_at_once_and_items_behind_a_batch_in_flight_wait()
    {
        Assert.Equal(EnqueueDecision.SendNow, Policy.OnEnqueue(null, 50));
        Assert.Equal(EnqueueDecision.Wait, Policy.OnEnqueue(inFlightSinceMs: 50, nowMs: 50));
        Assert.Equal(EnqueueDecision.Wait, Policy.OnEnqueue(inFlightSinceMs: 50, nowMs: 149));
    }

    [Fact]
    public void A_batch_never_serialized_within_the_staleness_limit_is_replaced()
    {
        Assert.Equal(EnqueueDecision.ReplaceStale, Policy.OnEnqueue(inFlightSinceMs: 50, nowMs: 150));
        Assert.Equal(EnqueueDecision.ReplaceStale, Policy.OnEnqueue(inFlightSinceMs: 50, nowMs: 10_000));
    }

    [Fact]
    public void A_batch_takes_items_up_to_the_soft_limit_and_its_first_item_whatever_its_size()
    {
        Assert.True(Policy.Fits(batchBytes: 0, items: 0, itemBytes: 4000));
        Assert.True(Policy.Fits(batchBytes: 600, items: 3, itemBytes: 400));
        Assert.False(Policy.Fits(batchBytes: 600, items: 3, itemBytes: 401));
        Assert.False(Policy.Fits(batchBytes: 10, items: 1, itemBytes: 4000));
    }

    [Fact]
    public void Items_above_the_hard_limit_are_not_admitted()
    {
        Assert.True(Policy.Admits(5000));
        Assert.False(Policy.Admits(5001));
    }

    [Fact]
    public void The_default_policy_keeps_the_soft_limit_within_the_hard_one()
    {
        Assert.Equal(new BatchPolicy(BatchPolicy.DefaultSoftLimitBytes, 126_976, BatchPolicy.DefaultStaleAfterMs), BatchPolicy.For(126_976));
        Assert.Equal(new BatchPolicy(30_000, 30_000, BatchPolicy.DefaultStaleAfterMs), BatchPolicy.For(30_000));
    }
}
