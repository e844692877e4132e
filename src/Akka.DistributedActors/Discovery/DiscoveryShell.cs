using Akka.Actor;
using Akka.Event;
using AkkaCluster = Akka.Cluster.Cluster;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// Runs <see cref="ClusterSystemSettings.Discovery"/> (Swift's <c>DiscoveryShell</c>): reads listings and, until this node is a
/// member, hands Akka's <c>JoinSeedNodes</c> the listing in the order every node computes alike, so only the lowest listed node can
/// found a cluster (and only once the listing is big enough and stable). A failing discovery is logged and reopened with backoff,
/// and so is a subscription (<see cref="ServiceDiscoverySettings.From{TService, TInstance}"/>) that gives no first listing within
/// <see cref="ServiceDiscoverySettings.ResolveTimeout"/>; Akka.Discovery lookups carry their own timeout.
/// Once this node is Up the discovery is closed; a member ignores listings.
/// </summary>
internal sealed class DiscoveryShell : ReceiveActor, IWithTimers
{
    public const string Name = "distributed-actors-discovery";

    private const int MaxRememberedRejections = 256;

    private readonly AkkaCluster _cluster;
    private readonly ServiceDiscoverySettings _settings;
    private readonly DiscoveryContext _context;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _reportedRejections = [];
    private CancellationTokenSource? _source;
    private int _generation;
    private int _listedGeneration;
    private int _failures;
    private SeedNodeListing _listing = SeedNodeListing.Empty;
    private DateTime _listingSince;
    private IReadOnlyList<Node> _joinedWith = [];

    public DiscoveryShell(AkkaCluster cluster, ServiceDiscoverySettings settings, Node self)
    {
        _cluster = cluster;
        _settings = settings;
        _context = new DiscoveryContext(Context.System, self, settings);

        Receive<Listed>(m => m.Generation == _generation, m =>
        {
            _listedGeneration = m.Generation;
            OnListing(m.Listing);
        });
        Receive<Failed>(m => m.Generation == _generation, m => OnFailed(m.Error));
        Receive<FirstListingOverdue>(m => m.Generation == _generation && _listedGeneration != _generation, _ =>
            OnFailed(new TimeoutException($"The discovery gave no listing within {_settings.ResolveTimeout.TotalMilliseconds:0} ms.")));
        Receive<FirstListingOverdue>(_ => { });
        Receive<Reopen>(_ => Open());
        Receive<StableCheck>(_ => Decide());
        Receive<MemberUp>(_ => Close("this node is Up"));
        Receive<Listed>(_ => { });
        Receive<Failed>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private Node SelfNode => _context.Self;

    public static Props Props(AkkaCluster cluster, ServiceDiscoverySettings settings, Node self) =>
        Akka.Actor.Props.Create(() => new DiscoveryShell(cluster, settings, self));

    protected override void PreStart()
    {
        var self = Self;
        _cluster.RegisterOnMemberUp(() => self.Tell(MemberUp.Instance));
        _log.Info("Discovering cluster nodes with {0}.", _settings);
        Open();
    }

    protected override void PostStop() => _source?.Cancel();

    private void Open()
    {
        if (IsMember()) return;
        _source?.Cancel();
        _source = new CancellationTokenSource();
        var generation = ++_generation;
        var self = Self;
        var ct = _source.Token;
        var listings = _settings.OpenListings!(_context, ct);
        // A subscription that never yields would otherwise leave the node waiting in silence. Polled Akka.Discovery lookups are
        // bounded one by one in DiscoveryListings.PollAkka instead, and a static list yields at once.
        if (_settings.Kind == ServiceDiscoverySettings.DiscoveryKind.Custom)
            Timers.StartSingleTimer(FirstListingOverdue.Key, new FirstListingOverdue(generation), _settings.ResolveTimeout);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var listing in listings.WithCancellation(ct).ConfigureAwait(false))
                    self.Tell(new Listed(generation, listing));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Closed by the shell.
            }
            catch (Exception e)
            {
                self.Tell(new Failed(generation, e));
            }
        }, CancellationToken.None);
    }

    private void Close(string reason)
    {
        if (_source is null) return;
        _log.Debug("Discovery closed: {0}.", reason);
        _source.Cancel();
        _source = null;
        _generation++;
        Timers.CancelAll();
    }

    private void OnFailed(Exception error)
    {
        // Closes the failed stream now, so that a late failure or listing from it (or an overdue check) cannot count twice.
        _source?.Cancel();
        _source = null;
        _generation++;
        Timers.Cancel(FirstListingOverdue.Key);
        _failures++;
        var delay = Backoff(_failures);
        _log.Warning("Service discovery {0} failed (attempt {1}), retrying in {2:0} ms: {3}",
            _settings, _failures, delay.TotalMilliseconds, error.GetBaseException().Message);
        Timers.StartSingleTimer(Reopen.Instance, Reopen.Instance, delay);
    }

    private void OnListing(SeedNodeListing listing)
    {
        _failures = 0;
        foreach (var rejected in listing.Rejected)
        {
            if (_reportedRejections.Count < MaxRememberedRejections && _reportedRejections.Add(rejected))
                _log.Warning("Service discovery {0} listed an unusable entry {1}; skipped.", _settings, rejected);
        }
        if (IsMember())
        {
            Close("this node is already a member");
            return;
        }
        if (!listing.SameNodes(_listing))
        {
            _log.Debug("Discovered nodes {0}.", listing);
            _listing = listing;
            _listingSince = DateTime.UtcNow;
        }
        Decide();
    }

    private void Decide()
    {
        if (IsMember()) return;
        var stableFor = DateTime.UtcNow - _listingSince;
        var enough = _listing.Nodes.Length >= _settings.RequiredContactPoints;
        var mayFound = enough && stableFor >= _settings.StableMargin;
        if (_listing.IsFirst(SelfNode) && !mayFound && enough)
            Timers.StartSingleTimer(StableCheck.Instance, StableCheck.Instance, _settings.StableMargin - stableFor);
        var seeds = _listing.SeedsFor(SelfNode, mayFound);
        if (seeds.IsEmpty || seeds.SequenceEqual(_joinedWith)) return;
        _joinedWith = seeds;
        var addresses = seeds.Select(n => AkkaConversions.ToAddress(n, _cluster.SelfAddress)).ToList();
        if (SeedNodeListing.SameEndpoint(seeds[0], SelfNode))
            _log.Info("Joining seed nodes {0}; this node is the lowest listed and founds the cluster unless one of them is already a member.", _listing);
        else
            _log.Info("Joining seed nodes [{0}].", string.Join(", ", seeds));
        _cluster.JoinSeedNodes(addresses);
    }

    private bool IsMember()
    {
        var self = _cluster.SelfUniqueAddress;
        return _cluster.State.Members.Any(m => m.UniqueAddress.Equals(self));
    }

    private TimeSpan Backoff(int failures)
    {
        var min = _settings.RetryBackoff.TotalMilliseconds;
        var max = Math.Max(min, _settings.MaxRetryBackoff.TotalMilliseconds);
        var ms = Math.Min(max, min * Math.Pow(2, Math.Min(failures - 1, 30)));
        return TimeSpan.FromMilliseconds(ms * (1 + 0.2 * Random.Shared.NextDouble()));
    }

    private sealed record Listed(int Generation, SeedNodeListing Listing);

    private sealed record Failed(int Generation, Exception Error);

    private sealed record FirstListingOverdue(int Generation)
    {
        public const string Key = "first-listing";
    }

    private sealed class Reopen
    {
        public static readonly Reopen Instance = new();
    }

    private sealed class StableCheck
    {
        public static readonly StableCheck Instance = new();
    }

    private sealed class MemberUp
    {
        public static readonly MemberUp Instance = new();
    }
}
