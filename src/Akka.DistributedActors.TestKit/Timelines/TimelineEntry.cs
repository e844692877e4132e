using System.Globalization;

namespace Akka.DistributedActors.TestKit;

/// <summary>One line of a <see cref="Timeline"/>: when (since the spec began), on which node, what.</summary>
/// <param name="At">Time since the spec began.</param>
/// <param name="Node">The node it happened on (its name; a restarted node's later incarnations add <c>#2</c>, <c>#3</c>), or <c>kit</c>.</param>
/// <param name="Kind">An action of the kit, a cluster event, or a log line.</param>
/// <param name="Text">The action, the event, or the log line (level, source, message).</param>
public sealed record TimelineEntry(TimeSpan At, string Node, TimelineEntryKind Kind, string Text)
{
    /// <summary><c>+  1234 ms second   event  MembershipChange(...)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"+{(long)At.TotalMilliseconds,7} ms {Node,-10} {Kind.ToString().ToLowerInvariant(),-6} {Text}");
}
