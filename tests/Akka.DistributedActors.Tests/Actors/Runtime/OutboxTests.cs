using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Akka.DistributedActors.Internal;

namespace Akka.DistributedActors.Tests.Actors.Runtime;

/// <summary>
/// One outbox with a fake transport that "serializes" the batches it was handed when the test says so: natural batching, the byte
/// limits, the staleness safety net, and exactly-once in-order delivery under concurrent producers. No system, no network.
/// </summary>
public sealed class OutboxTests
{
    private readonly ConcurrentQueue<OutgoingBatch> _sent = new();
    private readonly List<byte[]> _dropped = [];
    private long _nowMs = 1000;

    private Outbox NewOutbox(int softLimit = 10_000, int hardLimit = 100_000) =>
        new(new BatchPolicy(softLimit, hardLimit, StaleAfterMs: 500), _sent.Enqueue, _dropped.Add, () => Volatile.Read(ref _nowMs));

    private static BatchItem Item(int producer, int sequence, int size = 8)
    {
        var payload = new byte[Math.Max(8, size)];
        BinaryPrimitives.WriteInt32LittleEndian(payload, producer);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(4), sequence);
        return BatchItem.Invocation("/user/echo", 7, payload);
    }

    private static List<(int Producer, int Sequence)> Read(byte[] frame)
    {
        var items = new List<(int, int)>();
        var reader = new BatchFrame.Reader(frame);
        while (reader.TryRead(out var item))
        {
            Assert.Equal("/user/echo", Encoding.UTF8.GetString(item.Path));
            Assert.Equal(7, item.Uid);
            items.Add((BinaryPrimitives.ReadInt32LittleEndian(item.Payload), BinaryPrimitives.ReadInt32LittleEndian(item.Payload[4..])));
        }
        Assert.Null(reader.Error);
        return items;
    }

    private OutgoingBatch Single()
    {
        Assert.True(_sent.TryDequeue(out var batch));
        Assert.True(_sent.IsEmpty);
        return batch;
    }

    [Fact]
    public void A_lone_item_is_sent_at_once_and_carried_by_that_batch()
    {
        var outbox = NewOutbox();
        outbox.Enqueue(Item(1, 1));
        Assert.Equal([(1, 1)], Read(Single().Frame));
        Assert.True(_sent.IsEmpty);
    }

    [Fact]
    public void Items_queued_while_a_batch_is_in_flight_travel_in_it_in_order()
    {
        var outbox = NewOutbox();
        for (var i = 1; i <= 5; i++) outbox.Enqueue(Item(1, i));
        var batch = Single();
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (1, i)), Read(batch.Frame));
        // Serialized again after a failed write: the same frame, nothing taken twice.
        Assert.Same(batch.Frame, batch.Frame);
        Assert.True(_sent.IsEmpty);
        outbox.Enqueue(Item(1, 6));
        Assert.Equal([(1, 6)], Read(Single().Frame));
        Assert.Equal((2L, 6L), outbox.Sent);
    }

    [Fact]
    public void Items_beyond_the_soft_limit_go_in_the_next_batch_sent_as_soon_as_the_first_is_serialized()
    {
        var outbox = NewOutbox(softLimit: 3 * Item(0, 0).Size);
        for (var i = 1; i <= 7; i++) outbox.Enqueue(Item(1, i));
        Assert.Equal([(1, 1), (1, 2), (1, 3)], Read(Single().Frame));
        Assert.Equal([(1, 4), (1, 5), (1, 6)], Read(Single().Frame));
        Assert.Equal([(1, 7)], Read(Single().Frame));
        Assert.True(_sent.IsEmpty);
    }

    [Fact]
    public void An_item_larger_than_the_soft_limit_travels_alone()
    {
        var outbox = NewOutbox(softLimit: 100);
        outbox.Enqueue(Item(1, 1));
        outbox.Enqueue(Item(1, 2, size: 500));
        outbox.Enqueue(Item(1, 3));
        Assert.Equal([(1, 1)], Read(Single().Frame));
        Assert.Equal([(1, 2)], Read(Single().Frame));
        Assert.Equal([(1, 3)], Read(Single().Frame));
    }

    [Fact]
    public void A_batch_never_serialized_is_replaced_after_the_staleness_limit_and_then_carries_nothing()
    {
        var outbox = NewOutbox();
        outbox.Enqueue(Item(1, 1));
        var lost = Single();
        _nowMs += 499;
        outbox.Enqueue(Item(1, 2));
        Assert.True(_sent.IsEmpty);
        _nowMs += 1;
        outbox.Enqueue(Item(1, 3));
        var replacement = Single();
        Assert.Equal([(1, 1), (1, 2), (1, 3)], Read(replacement.Frame));
        Assert.Empty(lost.Frame);
        Assert.True(_sent.IsEmpty);
    }

    [Fact]
    public void A_dropped_batch_reports_its_items_and_frees_the_outbox()
    {
        var outbox = NewOutbox();
        outbox.Enqueue(Item(1, 1));
        outbox.Enqueue(Item(1, 2));
        Single().Drop();
        Assert.Equal([(1, 1), (1, 2)], Read(Assert.Single(_dropped)));
        outbox.Enqueue(Item(1, 3));
        Assert.Equal([(1, 3)], Read(Single().Frame));
    }

    [Fact]
    public async Task Concurrent_producers_get_every_item_delivered_once_in_their_own_order_in_fewer_batches()
    {
        const int producers = 8;
        const int perProducer = 5000;
        var outbox = NewOutbox(softLimit: 40 * Item(0, 0).Size);
        var received = new List<(int Producer, int Sequence)>();
        var stop = new CancellationTokenSource();
        // The transport: one writer serializes the batches in the order they were handed over, as Akka's endpoint writer does.
        var writer = Task.Run(() =>
        {
            while (true)
            {
                if (_sent.TryDequeue(out var batch)) received.AddRange(Read(batch.Frame));
                else if (stop.IsCancellationRequested && _sent.IsEmpty) return;
                else Thread.Yield();
            }
        });
        await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(() =>
        {
            for (var i = 0; i < perProducer; i++) outbox.Enqueue(Item(p, i));
        })));
        await Task.Delay(50);
        while (!_sent.IsEmpty) await Task.Delay(10);
        stop.Cancel();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(producers * perProducer, received.Count);
        foreach (var group in received.GroupBy(r => r.Producer))
            Assert.Equal(Enumerable.Range(0, perProducer), group.Select(r => r.Sequence));
        var (batches, items) = outbox.Sent;
        Assert.Equal(producers * perProducer, items);
        Assert.True(batches < items, $"{batches} batches for {items} items: nothing was batched");
    }
}
