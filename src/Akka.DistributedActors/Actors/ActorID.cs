using System.Globalization;

namespace Akka.DistributedActors;

/// <summary>
/// The identity of one distributed actor: the <see cref="UniqueNode"/> that hosts it, the path of its hosting Akka actor
/// (e.g. <c>/user/Greeter-1</c>) and its incarnation (the Akka actor's uid). Equal when all three are equal. The string form
/// <c>akka.tcp://FirstSystem:17@127.0.0.1:7337/user/Greeter-1#42</c> round-trips through <see cref="Parse"/>.
/// </summary>
public sealed class ActorID : IEquatable<ActorID>
{
    /// <summary>Creates an identity; <paramref name="path"/> must start with '/'.</summary>
    public ActorID(UniqueNode node, string path, uint incarnation)
    {
        Node = node ?? throw new ArgumentNullException(nameof(node));
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length < 2 || path[0] != '/' || path.Contains('#'))
            throw new ArgumentException($"An actor path must start with '/' and contain no '#', but was \"{path}\".", nameof(path));
        Path = path;
        Incarnation = incarnation;
    }

    /// <summary>The node (incarnation included) hosting the actor.</summary>
    public UniqueNode Node { get; }

    /// <summary>The path of the hosting Akka actor, e.g. <c>/user/Greeter-1</c>.</summary>
    public string Path { get; }

    /// <summary>The last path element, e.g. <c>Greeter-1</c>.</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>The incarnation (Akka actor uid); an actor spawned again under the same path gets a new one.</summary>
    public uint Incarnation { get; }

    /// <summary>Parses the form produced by <see cref="ToString"/>; throws <see cref="FormatException"/> naming the problem.</summary>
    public static ActorID Parse(string text)
    {
        if (TryParse(text, out var id, out var problem)) return id!;
        throw new FormatException($"\"{text}\" is not an ActorID ({problem}); expected protocol://system:nid@host:port/path#incarnation.");
    }

    /// <summary>Parses the form produced by <see cref="ToString"/>; false when <paramref name="text"/> is not one.</summary>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActorID? id) => TryParse(text, out id, out _);

    private static bool TryParse(string? text, out ActorID? id, out string problem)
    {
        id = null;
        problem = "empty";
        if (string.IsNullOrEmpty(text)) return false;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = scheme < 0 ? -1 : text.IndexOf('@', scheme + 3);
        var slash = at < 0 ? -1 : text.IndexOf('/', at);
        var hash = text.LastIndexOf('#');
        if (scheme <= 0 || at < 0 || slash < 0 || hash < slash)
        {
            problem = "missing protocol, '@', path or '#'";
            return false;
        }
        var systemAndNid = text.AsSpan(scheme + 3, at - scheme - 3);
        var colon = systemAndNid.LastIndexOf(':');
        var hostPort = text.AsSpan(at + 1, slash - at - 1);
        var portColon = hostPort.LastIndexOf(':');
        if (colon < 0 || portColon <= 0 ||
            !ulong.TryParse(systemAndNid[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var nid) ||
            !int.TryParse(hostPort[(portColon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535 ||
            !uint.TryParse(text.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var incarnation))
        {
            problem = "node id, port or incarnation is not a number";
            return false;
        }
        var path = text[slash..hash];
        if (path.Length < 2)
        {
            problem = "empty path";
            return false;
        }
        var node = new Node(systemAndNid[..colon].ToString(), hostPort[..portColon].ToString(), port, text[..scheme]);
        id = new ActorID(new UniqueNode(node, nid), path, incarnation);
        return true;
    }

    /// <inheritdoc />
    public bool Equals(ActorID? other) =>
        other is not null && Incarnation == other.Incarnation && string.Equals(Path, other.Path, StringComparison.Ordinal) && Node.Equals(other.Node);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorID);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Node, Path, Incarnation);

    /// <summary>Equality by node, path and incarnation.</summary>
    public static bool operator ==(ActorID? left, ActorID? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality by node, path and incarnation.</summary>
    public static bool operator !=(ActorID? left, ActorID? right) => !(left == right);

    // Immutable, so formatted once: spans of every traced call and every serialized reference carry it.
    private string? _text;

    /// <summary><c>protocol://system:nid@host:port/path#incarnation</c>; see <see cref="Parse"/>.</summary>
    public override string ToString() => _text ??= $"{Node}{Path}#{Incarnation.ToString(CultureInfo.InvariantCulture)}";

    // Built once per identity: the tags its client spans (as a call's target) or server spans (as the callee) carry.
    private KeyValuePair<string, object?>[]? _targetTags;
    private KeyValuePair<string, object?>[]? _calleeTags;

    /// <summary>The span tags naming this actor as a call's target.</summary>
    internal KeyValuePair<string, object?>[] TargetTags => _targetTags ??= Internal.Telemetry.TargetTags(this);

    /// <summary>The span tags naming this actor as the callee of an invocation.</summary>
    internal KeyValuePair<string, object?>[] CalleeTags => _calleeTags ??= Internal.Telemetry.CalleeTags(this);
}
