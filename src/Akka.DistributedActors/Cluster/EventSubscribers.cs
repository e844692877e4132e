using System.Threading.Channels;
using Akka.Actor;

namespace Akka.DistributedActors.Internal;

/// <summary>A receiver of the translator's ordered events. Delivery never blocks the translator.</summary>
internal interface IEventSubscriber
{
    /// <summary>Hands over one event; false when the subscriber cannot take it (its buffer is full).</summary>
    bool TryDeliver(Cluster.Event e);

    /// <summary>Ends the subscription normally.</summary>
    void Complete();

    /// <summary>Ends the subscription because it could not take an event.</summary>
    void Overflow();
}

/// <summary>Feeds an async enumeration through a bounded channel of <paramref name="bufferSize"/> events.</summary>
internal sealed class ChannelSubscriber(ChannelWriter<Cluster.Event> writer, int bufferSize) : IEventSubscriber
{
    public bool TryDeliver(Cluster.Event e) => writer.TryWrite(e);

    public void Complete() => writer.TryComplete();

    public void Overflow() => writer.TryComplete(new ClusterEventStreamOverflowException(bufferSize));
}

/// <summary>Feeds an internal actor (downing shell, lifecycle watch) by Tell; actors have unbounded mailboxes.</summary>
internal sealed class ActorSubscriber(IActorRef actor) : IEventSubscriber
{
    public IActorRef Actor { get; } = actor;

    public bool TryDeliver(Cluster.Event e)
    {
        Actor.Tell(e);
        return true;
    }

    public void Complete() { }

    public void Overflow() { }
}

/// <summary>The latest membership the translator has published; read by <see cref="ClusterControl.MembershipSnapshot"/>.</summary>
internal sealed class MembershipHolder(Cluster.Membership initial)
{
    private volatile Cluster.Membership _current = initial;

    public Cluster.Membership Current
    {
        get => _current;
        set => _current = value;
    }
}

/// <summary>Messages of the translator's protocol.</summary>
internal static class TranslatorProtocol
{
    public sealed record Subscribe(IEventSubscriber Subscriber);

    public sealed record Unsubscribe(IEventSubscriber Subscriber);
}
