using System.Globalization;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// One time-ordered record of a spec: every node's cluster events, the kit's actions and the nodes' log lines, each with the
/// node's name and the milliseconds since the spec began. A failing multi-node spec or chaos run carries it in its exception
/// and writes it to a file in <see cref="Directory"/>.
/// </summary>
public sealed class Timeline
{
    /// <summary>How far from an action or event a log line may be to appear in <see cref="Summary"/>: 500 ms.</summary>
    public static readonly TimeSpan Around = TimeSpan.FromMilliseconds(500);

    internal Timeline(DateTime startedUtc, IEnumerable<TimelineEntry> entries)
    {
        Started = startedUtc;
        // Log lines carry whole milliseconds; so do all entries, so that an action and the line it caused in the same
        // millisecond keep the order they were recorded in instead of being swapped by the action's fraction.
        Entries = entries.Select(e => e with { At = TimeSpan.FromMilliseconds(Math.Floor(e.At.TotalMilliseconds)) }).OrderBy(e => e.At).ToArray();
    }

    /// <summary>When the spec began (UTC); every entry's time counts from here.</summary>
    public DateTime Started { get; }

    /// <summary>Every entry, oldest first, in whole milliseconds (entries at the same millisecond keep the order they were recorded in).</summary>
    public IReadOnlyList<TimelineEntry> Entries { get; }

    /// <summary>
    /// The directory timelines are written to: <c>DDA_TIMELINE_DIR</c> when set, else <c>TestResults/timelines</c> of the test
    /// project (the directory above the test assembly that holds a project file), else next to the test assembly.
    /// </summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("DDA_TIMELINE_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(ProjectDirectory() ?? AppContext.BaseDirectory, "TestResults", "timelines");

    /// <summary>
    /// The actions, the events, and the log lines within <see cref="Around"/> of one of them or at warning or error level, from
    /// <paramref name="from"/> on (default: the beginning): what an exception message carries (the file has every line).
    /// </summary>
    public string Summary(TimeSpan? from = null)
    {
        var marks = Entries.Where(e => e.Kind != TimelineEntryKind.Log).Select(e => e.At).ToArray();
        // Entries are in whole milliseconds: an entry recorded in the same millisecond as 'from' but before its fraction is in.
        var start = from is { } f ? TimeSpan.FromMilliseconds(Math.Floor(f.TotalMilliseconds)) : TimeSpan.MinValue;
        return Format(Entries.Where(e => e.At >= start && (e.Kind != TimelineEntryKind.Log || IsWarning(e) || Near(marks, e.At))));
    }

    /// <summary>Every entry, one per line.</summary>
    public override string ToString() => Format(Entries);

    /// <summary>Writes every entry to <c>&lt;Directory&gt;/&lt;name&gt;.timeline.txt</c> and returns the file's path.</summary>
    public string WriteFile(string name)
    {
        var safe = string.Concat(name.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == ' ' ? '_' : c));
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, safe + ".timeline.txt");
        File.WriteAllText(path, ToString());
        return path;
    }

    private string Format(IEnumerable<TimelineEntry> entries) =>
        $"Timeline (spec began {Started.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)} UTC):" + Environment.NewLine +
        string.Join(Environment.NewLine, entries);

    private static bool IsWarning(TimelineEntry e) =>
        e.Text.StartsWith("[Warning]", StringComparison.Ordinal) || e.Text.StartsWith("[Error]", StringComparison.Ordinal);

    private static bool Near(TimeSpan[] sortedMarks, TimeSpan at)
    {
        var i = Array.BinarySearch(sortedMarks, at);
        if (i >= 0) return true;
        i = ~i;
        return (i < sortedMarks.Length && sortedMarks[i] - at <= Around) || (i > 0 && at - sortedMarks[i - 1] <= Around);
    }

    private static string? ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any()) return dir.FullName;
        }
        return null;
    }

    /// <summary>Turns a log line that starts with its UTC time of day (<c>HH:mm:ss.fff</c>) into an entry; null otherwise.</summary>
    internal static (DateTime At, string Text)? ParseLogLine(string line, DateTime started)
    {
        if (line.Length < 13 || line[12] != ' ' ||
            !TimeSpan.TryParseExact(line[..12], @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture, out var timeOfDay))
            return null;
        var at = started.Date + timeOfDay;
        // A line stamped shortly after midnight belongs to the day after the spec began.
        if (at < started - TimeSpan.FromHours(12)) at = at.AddDays(1);
        return (at, line[13..]);
    }
}
