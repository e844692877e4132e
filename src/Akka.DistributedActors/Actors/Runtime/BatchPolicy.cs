namespace Akka.DistributedActors.Internal;

/// <summary>
/// When an <see cref="Outbox"/> sends and what goes into one batch (pure: sizes and times in, decisions out). A batch is sent at once
/// when none is in flight to the destination; items that arrive while one is in flight wait for it to be serialized (handed to the
/// transport) and then travel together. A batch takes items in order while they fit <see cref="SoftLimitBytes"/>; its first item
/// always goes, so an item larger than the soft limit travels alone. No item may exceed <see cref="HardLimitBytes"/>, which keeps
/// every batch below Akka.Remote's maximum frame size.
/// </summary>
/// <param name="SoftLimitBytes">The size a batch grows to at most, unless its first item alone is larger.</param>
/// <param name="HardLimitBytes">The largest item (and so the largest batch) that may be sent.</param>
/// <param name="StaleAfterMs">
/// How long a batch may stay unserialized before a new item sends another one. Akka.Remote drops a message it cannot deliver to dead
/// letters, which ends the batch at once; this is the safety net for a message lost without a trace, so the destination cannot stay
/// blocked.
/// </param>
internal readonly record struct BatchPolicy(int SoftLimitBytes, int HardLimitBytes, long StaleAfterMs)
{
    /// <summary>The soft limit of the default policy: large enough that a batch of small calls shares one frame's fixed cost widely.</summary>
    public const int DefaultSoftLimitBytes = 64 * 1024;

    /// <summary>The default staleness limit.</summary>
    public const long DefaultStaleAfterMs = 1000;

    /// <summary>The default policy for batches that Akka.Remote carries in frames of at most <paramref name="hardLimitBytes"/>.</summary>
    public static BatchPolicy For(int hardLimitBytes) =>
        new(Math.Min(DefaultSoftLimitBytes, hardLimitBytes), hardLimitBytes, DefaultStaleAfterMs);

    /// <summary>Whether an item of <paramref name="itemBytes"/> can be sent at all.</summary>
    public bool Admits(int itemBytes) => itemBytes <= HardLimitBytes;

    /// <summary>Whether the next item joins a batch that already holds <paramref name="items"/> items of <paramref name="batchBytes"/> bytes.</summary>
    public bool Fits(int batchBytes, int items, int itemBytes) => items == 0 || batchBytes + itemBytes <= SoftLimitBytes;

    /// <summary>
    /// What a new item does. <paramref name="inFlightSinceMs"/> is when the batch in flight was sent, or null when none is.
    /// </summary>
    public EnqueueDecision OnEnqueue(long? inFlightSinceMs, long nowMs) => inFlightSinceMs switch
    {
        null => EnqueueDecision.SendNow,
        { } since when nowMs - since >= StaleAfterMs => EnqueueDecision.ReplaceStale,
        _ => EnqueueDecision.Wait,
    };
}

/// <summary>What a new item in an <see cref="Outbox"/> does.</summary>
internal enum EnqueueDecision
{
    /// <summary>Nothing is in flight: send a batch now (it takes this item and whatever joins it before serialization).</summary>
    SendNow,

    /// <summary>A batch is in flight: the item goes with the next one, sent as soon as the one in flight is serialized.</summary>
    Wait,

    /// <summary>The batch in flight was never serialized within the staleness limit: give it up (it will carry nothing) and send a new one.</summary>
    ReplaceStale,
}
