using System.Collections.Concurrent;

namespace Akka.DistributedActors.Discovery.Kubernetes.Tests;

public interface ITicketCounter : IDistributedActor
{
    /// <summary>Handles call <paramref name="callId"/> and returns it.</summary>
    Task<int> Take(int callId);
}

/// <summary>A singleton that records how often each call reached any of its instances (state survives hand-over only here).</summary>
public sealed class TicketCounter(ConcurrentDictionary<int, int> handled) : DistributedActor, ITicketCounter
{
    public Task<int> Take(int callId)
    {
        handled.AddOrUpdate(callId, 1, (_, n) => n + 1);
        return Task.FromResult(callId);
    }
}
