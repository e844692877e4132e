namespace Akka.DistributedActors.TestKit;

/// <summary>
/// The name of a node in a spec. Declare a spec's nodes once, as an enum (<c>enum Nodes { First, Second }</c>) or as a static
/// class of <see cref="RoleName"/> fields, and pass those: a mistyped name is then a compile error. Strings and enum values
/// convert implicitly, so string names keep working.
/// </summary>
public readonly record struct RoleName
{
    /// <summary>Creates the name <paramref name="name"/>.</summary>
    public RoleName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The node's name as the kit uses it (process, system and log names).</summary>
    public string Name { get; }

    /// <summary>The names of every member of <typeparamref name="TNodes"/>, in declaration order: a spec's <c>NodeNames</c>.</summary>
    public static IReadOnlyList<string> NamesOf<TNodes>() where TNodes : struct, Enum => Enum.GetNames<TNodes>();

    /// <summary>A string name.</summary>
    public static implicit operator RoleName(string name) => new(name);

    /// <summary>An enum member's name (<c>Nodes.First</c> is "First").</summary>
    public static implicit operator RoleName(Enum node) => new(node?.ToString()!);

    /// <summary>The name, so a <see cref="RoleName"/> fits wherever a string name does.</summary>
    public static implicit operator string(RoleName role) => role.Name;

    /// <summary>The name.</summary>
    public override string ToString() => Name;
}
