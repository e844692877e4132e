using Akka.DistributedActors.Internal;
using Microsoft.CodeAnalysis;

namespace Akka.DistributedActors.Generators;

/// <summary>The compile-time errors of distributed-actor interfaces (docs/distributed-actors.md lists them).</summary>
internal static class Diagnostics
{
    private const string Category = "Akka.DistributedActors";

    public static readonly DiagnosticDescriptor InvalidReturnType = new(
        InterfaceRules.InvalidReturnTypeId, "Distributed method must return a task", InterfaceRules.InvalidReturnTypeMessage,
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByRefParameter = new(
        InterfaceRules.ByRefParameterId, "Distributed method parameter cannot be ref, out or in", InterfaceRules.ByRefParameterMessage,
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor PropertyOrEvent = new(
        InterfaceRules.PropertyOrEventId, "Distributed-actor interfaces cannot declare properties or events", InterfaceRules.PropertyOrEventMessage,
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GenericMethod = new(
        InterfaceRules.GenericMethodId, "Generic distributed methods are not supported", InterfaceRules.GenericMethodMessage,
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Unserializable = new(
        InterfaceRules.UnserializableId, "Type cannot be serialized for a remote call", InterfaceRules.UnserializableMessage,
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor SeveralCancellationTokens = new(
        InterfaceRules.SeveralCancellationTokensId, "At most one CancellationToken parameter", InterfaceRules.SeveralCancellationTokensMessage,
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
