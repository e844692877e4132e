namespace Akka.DistributedActors.Internal;

/// <summary>
/// The identity of a sharded entity: the same on every node and across activations, because it names the type and the key,
/// never the node that hosts the entity now. Its node is a placeholder no member can have (system and host <c>sharding</c>,
/// port 0, node id 0) and its path <c>/sharding/&lt;type&gt;/&lt;escaped entity id&gt;</c>, so it round-trips through
/// <see cref="ActorID.Parse"/> like any other ID.
/// </summary>
internal static class ShardedIds
{
    private const string PlaceholderHost = "sharding";
    private const string PathPrefix = "/sharding/";

    public static ActorID For(UniqueNode self, string typeName, string entityId) =>
        new(Placeholder(self), PathPrefix + typeName + "/" + Uri.EscapeDataString(entityId), 0);

    /// <summary>The type name and entity id of a sharded ID; false for any other ID.</summary>
    public static bool TryRead(ActorID id, out string typeName, out string entityId)
    {
        typeName = entityId = "";
        if (id.Node.Port != 0 || id.Node.Nid != 0 || id.Node.Host != PlaceholderHost || !id.Path.StartsWith(PathPrefix, StringComparison.Ordinal))
            return false;
        var rest = id.Path.AsSpan(PathPrefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) return false;
        typeName = rest[..slash].ToString();
        entityId = Uri.UnescapeDataString(rest[(slash + 1)..].ToString());
        return true;
    }

    // One instance for every ID of the cluster's protocol: an entity ID is made per call to Get and per activation.
    private static UniqueNode _placeholder = new(new Node(PlaceholderHost, PlaceholderHost, 0), 0);

    private static UniqueNode Placeholder(UniqueNode self)
    {
        var placeholder = _placeholder;
        if (placeholder.Node.Protocol != self.Node.Protocol)
            _placeholder = placeholder = new UniqueNode(new Node(PlaceholderHost, PlaceholderHost, 0, self.Node.Protocol), 0);
        return placeholder;
    }
}
