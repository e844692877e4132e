using System.Globalization;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// A seeded sequence of faults, one per round (Jepsen's nemesis schedule): the same seed, rounds, faults and node names always
/// give the same steps, so a failing run is replayed by its seed. Run it with
/// <see cref="ClusteredSystemsTestBase.RunChaosAsync(ChaosSchedule, ChaosOptions, string)"/>.
/// </summary>
public sealed class ChaosSchedule
{
    /// <summary>Every fault kind, in the order a schedule without an explicit list draws from.</summary>
    public static readonly IReadOnlyList<ChaosFault> AllFaults = Enum.GetValues<ChaosFault>();

    /// <summary>Creates the schedule of <paramref name="rounds"/> rounds drawn from <paramref name="faults"/> (default <see cref="AllFaults"/>) with <paramref name="seed"/>.</summary>
    public ChaosSchedule(int seed, int rounds, IEnumerable<ChaosFault>? faults = null)
    {
        if (rounds <= 0) throw new ArgumentOutOfRangeException(nameof(rounds), rounds, $"ChaosSchedule rounds must be positive (was {rounds}).");
        var list = (faults ?? AllFaults).ToArray();
        if (list.Length == 0) throw new ArgumentException("ChaosSchedule faults must name at least one fault.", nameof(faults));
        foreach (var fault in list)
        {
            if (!Enum.IsDefined(fault)) throw new ArgumentException($"ChaosSchedule faults: {fault} is not a ChaosFault.", nameof(faults));
        }
        Seed = seed;
        Rounds = rounds;
        Faults = list;
    }

    /// <summary>The seed every random choice of the schedule comes from.</summary>
    public int Seed { get; }

    /// <summary>How many rounds (one fault each).</summary>
    public int Rounds { get; }

    /// <summary>The fault kinds each round draws from, equally likely (a kind listed twice is twice as likely).</summary>
    public IReadOnlyList<ChaosFault> Faults { get; }

    /// <summary>The steps for a cluster of <paramref name="nodeNames"/>: which fault in which round, on which nodes, for how long.</summary>
    public IReadOnlyList<ChaosStep> Steps(IReadOnlyList<string> nodeNames)
    {
        ArgumentNullException.ThrowIfNull(nodeNames);
        var n = nodeNames.Count;
        if (n < 2 || (n < 3 && Faults.Contains(ChaosFault.Partition)))
            throw new ArgumentException($"A chaos schedule needs at least 2 nodes, 3 with partitions; got {n}.", nameof(nodeNames));
        var random = new Random(Seed);
        var steps = new List<ChaosStep>(Rounds);
        for (var round = 1; round <= Rounds; round++)
        {
            var fault = Faults[random.Next(Faults.Count)];
            switch (fault)
            {
                case ChaosFault.Blackhole or ChaosFault.Throttle or ChaosFault.Disconnect:
                {
                    var a = random.Next(n);
                    var b = (a + 1 + random.Next(n - 1)) % n;
                    var hold = TimeSpan.FromMilliseconds(random.Next(200, 2000));
                    var rate = fault == ChaosFault.Throttle ? random.Next(10_000, 100_001) : 0;
                    steps.Add(new ChaosStep(round, fault, [nodeNames[a], nodeNames[b]], [], hold, rate));
                    break;
                }
                case ChaosFault.Partition:
                {
                    var shuffled = nodeNames.OrderBy(_ => random.Next()).ToList();
                    var minority = (n - 1) / 2;
                    steps.Add(new ChaosStep(round, fault, shuffled.Take(minority).ToArray(), shuffled.Skip(minority).ToArray(), TimeSpan.Zero, 0));
                    break;
                }
                case ChaosFault.Crash:
                    steps.Add(new ChaosStep(round, fault, [nodeNames[random.Next(n)]], [], TimeSpan.Zero, 0));
                    break;
                default:
                    steps.Add(new ChaosStep(round, fault, [], [], TimeSpan.Zero, 0));
                    break;
            }
        }
        return steps;
    }

    /// <summary>The seeds in <c>CHAOS_SEEDS</c> (comma-separated), else <paramref name="defaults"/>: how a failing seed is rerun alone.</summary>
    public static IReadOnlyList<int> SeedsFromEnvironment(params int[] defaults) =>
        Environment.GetEnvironmentVariable("CHAOS_SEEDS") is { Length: > 0 } seeds
            ? seeds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed
                    : throw new ArgumentException($"CHAOS_SEEDS: '{s}' is not an integer seed (CHAOS_SEEDS={seeds})."))
                .ToArray()
            : defaults;

    /// <summary>The rounds in <c>CHAOS_ROUNDS</c>, else <paramref name="defaultRounds"/>.</summary>
    public static int RoundsFromEnvironment(int defaultRounds) =>
        Environment.GetEnvironmentVariable("CHAOS_ROUNDS") is { Length: > 0 } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rounds) && rounds > 0 ? rounds
                : throw new ArgumentException($"CHAOS_ROUNDS must be a positive integer (was '{text}').")
            : defaultRounds;

    /// <summary>The fault kinds in <c>CHAOS_FAULTS</c> (comma-separated names, any case: <c>partition,crash</c>), else <paramref name="defaults"/>.</summary>
    public static IReadOnlyList<ChaosFault> FaultsFromEnvironment(IReadOnlyList<ChaosFault> defaults) =>
        Environment.GetEnvironmentVariable("CHAOS_FAULTS") is { Length: > 0 } faults
            ? faults.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(f => Enum.TryParse<ChaosFault>(f, ignoreCase: true, out var fault) && Enum.IsDefined(fault) ? fault
                    : throw new ArgumentException($"CHAOS_FAULTS: unknown fault '{f}' (known: {string.Join(", ", AllFaults).ToLowerInvariant()})."))
                .ToArray()
            : defaults;
}
