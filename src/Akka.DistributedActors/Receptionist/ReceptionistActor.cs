using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using ClusterSpec = Akka.DistributedActors.Cluster;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The receptionist's Akka side: uses the system's DistributedData replicator (timings from <see cref="ReceptionistSettings"/>), holding one OR-multimap "reception key -> ActorID strings". Watches the local actors that checked in and removes them
/// when they stop; removes every registration of a node that becomes Down or Removed; republishes the replica to the facade.
/// </summary>
internal sealed class ReceptionistActor : UntypedActor
{
    public const string Name = "dda-receptionist";

    private static readonly ORMultiValueDictionaryKey<string, string> DataKey = new("dda-receptionist");

    private readonly Receptionist _owner;
    private readonly IActorRef _translator;
    private readonly UniqueAddress _self = Akka.Cluster.Cluster.Get(Context.System).SelfUniqueAddress;
    private readonly Dictionary<IActorRef, (ActorID Id, HashSet<string> Keys)> _local = new();
    private readonly HashSet<UniqueNode> _down = [];
    private ORMultiValueDictionary<string, string> _data = ORMultiValueDictionary<string, string>.Empty;
    private IActorRef _replicator = ActorRefs.Nobody;

    public ReceptionistActor(Receptionist owner, IActorRef translator)
    {
        _owner = owner;
        _translator = translator;
    }

    public static Props Props(Receptionist owner, IActorRef translator) =>
        Akka.Actor.Props.Create(() => new ReceptionistActor(owner, translator));

    protected override void PreStart()
    {
        _replicator = DistributedData.DistributedData.Get(Context.System).Replicator;
        _replicator.Tell(Dsl.Subscribe(DataKey, Self));
        _translator.Tell(new TranslatorProtocol.Subscribe(new ActorSubscriber(Self)));
    }

    protected override void PostStop() => _owner.Close();

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case CheckIn checkIn:
                if (!_local.TryGetValue(checkIn.Host, out var entry))
                {
                    entry = (checkIn.Id, []);
                    _local[checkIn.Host] = entry;
                    Context.Watch(checkIn.Host);
                }
                entry.Keys.Add(checkIn.StorageId);
                var value = checkIn.Id.ToString();
                _replicator.Tell(Dsl.Update(DataKey, ORMultiValueDictionary<string, string>.Empty, WriteLocal.Instance, checkIn,
                    d => d.AddItem(_self, checkIn.StorageId, value)));
                break;
            case UpdateSuccess { Request: CheckIn done }:
                _owner.Apply(done.StorageId, done.Id, added: true);
                done.Done.TrySetResult();
                break;
            case IUpdateFailure { Request: CheckIn failed } failure:
                failed.Done.TrySetException(new InvalidOperationException($"The receptionist could not register {failed.Id}: {failure}."));
                break;
            case IUpdateResponse:
                break;
            case Changed changed when changed.Key.Equals(DataKey):
                _data = changed.Get(DataKey);
                Publish();
                break;
            case Terminated terminated:
                if (!_local.Remove(terminated.ActorRef, out var gone)) break;
                var goneValue = gone.Id.ToString();
                foreach (var key in gone.Keys) _owner.Apply(key, gone.Id, added: false);
                _replicator.Tell(Dsl.Update(DataKey, ORMultiValueDictionary<string, string>.Empty, WriteLocal.Instance, d =>
                    gone.Keys.Aggregate(d, (acc, key) => acc.RemoveItem(_self, key, goneValue))));
                break;
            case ClusterSpec.Snapshot snapshot:
                foreach (var member in snapshot.Membership.MembersAtLeast(ClusterSpec.MemberStatus.Down)) _down.Add(member.Node);
                Publish();
                break;
            case ClusterSpec.MembershipChange change when change.IsAtLeast(ClusterSpec.MemberStatus.Down):
                if (_down.Add(change.Node)) Publish();
                break;
            case ClusterSpec.Event:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>Hands the replica to the facade without actors of Down/Removed nodes, and deletes those from the replica.</summary>
    private void Publish()
    {
        var registrations = ImmutableDictionary.CreateBuilder<string, ImmutableHashSet<ActorID>>();
        var stale = new List<(string Key, string Value)>();
        foreach (var (key, values) in _data.Entries)
        {
            var set = ImmutableHashSet.CreateBuilder<ActorID>();
            foreach (var value in values)
            {
                if (!ActorID.TryParse(value, out var id)) continue;
                if (_down.Contains(id.Node)) stale.Add((key, value));
                else set.Add(id);
            }
            if (set.Count > 0) registrations[key] = set.ToImmutable();
        }
        _owner.Replace(registrations.ToImmutable());
        // Every node that sees the Down prunes; removals of the same element commute, so the duplicates are harmless.
        if (stale.Count > 0)
        {
            _replicator.Tell(Dsl.Update(DataKey, ORMultiValueDictionary<string, string>.Empty, WriteLocal.Instance, d =>
                stale.Aggregate(d, (acc, s) => acc.RemoveItem(_self, s.Key, s.Value))));
        }
    }

    /// <summary>Register <see cref="Id"/> (hosted by <see cref="Host"/>) under <see cref="StorageId"/>; completes <see cref="Done"/>.</summary>
    public sealed record CheckIn(string StorageId, ActorID Id, IActorRef Host, TaskCompletionSource Done);
}
