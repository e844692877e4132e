namespace Akka.DistributedActors;

/// <summary>
/// Which exception types thrown by a callee are sent back to remote callers as the same type (Swift's
/// <c>CodableErrorAllowanceSettings</c>): <see cref="All"/>, <see cref="None"/> or <see cref="Custom"/> types.
/// Exceptions are rebuilt on the caller from their type and message (a constructor taking a string, or a parameterless one).
/// </summary>
public sealed class ErrorAllowance
{
    private readonly HashSet<Type>? _types;
    private readonly bool _all;

    private ErrorAllowance(bool all, HashSet<Type>? types)
    {
        _all = all;
        _types = types;
    }

    /// <summary>Every exception type crosses the wire as itself (the default).</summary>
    public static ErrorAllowance All { get; } = new(true, null);

    /// <summary>No exception type crosses the wire; callers get <see cref="GenericRemoteCallException"/>.</summary>
    public static ErrorAllowance None { get; } = new(false, null);

    /// <summary>Only exactly these types (not subtypes) cross the wire as themselves.</summary>
    public static ErrorAllowance Custom(params Type[] allowedTypes)
    {
        ArgumentNullException.ThrowIfNull(allowedTypes);
        foreach (var t in allowedTypes)
        {
            if (t is null || !typeof(Exception).IsAssignableFrom(t))
                throw new ArgumentException($"ErrorAllowance.Custom accepts only exception types, but got {t?.FullName ?? "null"}.", nameof(allowedTypes));
        }
        return new ErrorAllowance(false, [.. allowedTypes]);
    }

    /// <summary>Whether an exception of <paramref name="type"/> may be sent back as itself.</summary>
    public bool Allows(Type type) => _all || (_types?.Contains(type) ?? false);

    /// <summary><c>All</c>, <c>None</c> or <c>Custom(types)</c>.</summary>
    public override string ToString() =>
        _all ? "All" : _types is null ? "None" : $"Custom({string.Join(", ", _types.Select(t => t.Name))})";
}
