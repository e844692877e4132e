using Microsoft.CodeAnalysis;

namespace Akka.DistributedActors.Generators;

/// <summary>The compile-time errors of distributed-actor interfaces (docs/distributed-actors.md lists them).</summary>
internal static class Diagnostics
{
    private const string Category = "Akka.DistributedActors";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        "DA0001", "Distributed method must return a task",
        "Distributed method '{0}' returns '{1}'; distributed methods must return Task, Task<T>, ValueTask or ValueTask<T>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByRefParameter = new(
        "DA0002", "Distributed method parameter cannot be ref, out or in",
        "Parameter '{0}' of distributed method '{1}' is '{2}'; values cross the network by copy, so ref, out and in are not allowed",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PropertyOrEvent = new(
        "DA0003", "Distributed-actor interfaces cannot declare properties or events",
        "'{0}' is a {1}; a distributed-actor interface may declare only methods (use a method returning Task<T> instead)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        "DA0004", "Generic distributed methods are not supported",
        "Distributed method '{0}' is generic; generic methods are not supported, use concrete parameter types",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Unserializable = new(
        "DA0005", "Type cannot be serialized for a remote call",
        "{0} of distributed method '{1}' has type '{2}', which cannot be serialized ({3})",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SeveralCancellationTokens = new(
        "DA0006", "At most one CancellationToken parameter",
        "Distributed method '{0}' has more than one CancellationToken parameter; at most one is allowed",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor AmbiguousOverload = new(
        "DA0007", "Overloads need different parameter counts",
        "Distributed method '{0}' has an overload with the same number of parameters; methods are identified on the wire by name and parameter count",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericInterface = new(
        "DA0008", "Generic distributed-actor interfaces are not supported",
        "Distributed-actor interface '{0}' is generic; declare a non-generic interface",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Inaccessible = new(
        "DA0009", "Distributed-actor interface must be public or internal",
        "Distributed-actor interface '{0}' is not accessible from its namespace; make it (and its containing types) public or internal",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
