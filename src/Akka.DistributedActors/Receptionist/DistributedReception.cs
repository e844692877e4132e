namespace Akka.DistributedActors;

/// <summary>Namespace of the receptionist's types (Swift's <c>DistributedReception</c>).</summary>
public static class DistributedReception
{
    /// <summary>
    /// Names a group of actors of interface <typeparamref name="T"/> in the receptionist (Swift's <c>DistributedReception.Key</c>).
    /// Two keys are the same group when both the id and <typeparamref name="T"/> are equal; by convention each key is a static
    /// property, e.g. <c>public static DistributedReception.Key&lt;IWorker&gt; Workers { get; } = new("workers");</c>.
    /// </summary>
    public sealed class Key<T> : IEquatable<Key<T>> where T : class, IDistributedActor
    {
        /// <summary>Creates a key; <paramref name="id"/> must be non-empty.</summary>
        public Key(string id)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(id);
            Id = id;
        }

        /// <summary>The key's id, unique per actor interface.</summary>
        public string Id { get; }

        /// <summary>The id and the interface type: what registrations are stored under cluster-wide.</summary>
        internal string StorageId => $"{typeof(T).FullName}|{Id}";

        /// <inheritdoc />
        public bool Equals(Key<T>? other) => other is not null && other.Id == Id;

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as Key<T>);

        /// <inheritdoc />
        public override int GetHashCode() => Id.GetHashCode(StringComparison.Ordinal);

        /// <summary><c>Key&lt;Interface&gt;(id)</c>.</summary>
        public override string ToString() => $"Key<{typeof(T).Name}>({Id})";
    }
}
