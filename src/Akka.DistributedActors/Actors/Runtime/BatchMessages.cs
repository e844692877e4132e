namespace Akka.DistributedActors.Internal;

/// <summary>
/// A batch on its way out: its frame is taken from its <see cref="Outbox"/> when Akka.Remote first serializes it (the moment it is
/// handed to the transport), so every item queued until then travels in it. Akka may serialize a message again after a failed
/// write; the frame is kept for that.
/// </summary>
internal sealed class OutgoingBatch(Outbox outbox) : IRemoteCallMessage
{
    private byte[]? _frame;
    private bool _abandoned;

    /// <summary>The frame once drained; null before.</summary>
    public byte[]? DrainedFrame => Volatile.Read(ref _frame);

    /// <summary>True when the outbox gave this batch up (see <see cref="BatchPolicy.StaleAfterMs"/>): it carries no items.</summary>
    public bool Abandoned => _abandoned;

    /// <summary>The frame, drained from the outbox on first use.</summary>
    public byte[] Frame => DrainedFrame ?? outbox.Drain(this);

    /// <summary>Called under the outbox's lock, before a replacement is sent.</summary>
    public void Abandon()
    {
        if (_frame is null) _abandoned = true;
    }

    /// <summary>Akka could not deliver this batch (dead letters): its items, taken now if they were not yet, are reported lost.</summary>
    public void Drop() => outbox.Dropped(Frame);

    /// <summary>Called once, under the outbox's lock.</summary>
    public void SetDrained(byte[] frame) => Volatile.Write(ref _frame, frame);
}

/// <summary>A batch as received; its items are validated and fanned out by the recipient.</summary>
internal sealed class IncomingBatch(byte[] frame) : IRemoteCallMessage
{
    public byte[] Frame { get; } = frame;
}
