using System.Collections.Generic;

namespace Akka.DistributedActors.Internal;

/// <summary>
/// The rules a distributed-actor interface's methods follow, in one place for both checkers: the source generator applies them
/// to Roslyn symbols and reports DA diagnostics; the library's reflection fallback applies them to <c>System.Type</c>s and
/// throws (<c>DA000n: message</c>). This file is compiled into both assemblies, so the two cannot drift apart.
/// </summary>
internal static class InterfaceRules
{
    /// <summary>The metadata name of the CancellationToken a method may take once; it is passed through, never serialized.</summary>
    public const string CancellationTokenName = "System.Threading.CancellationToken";

    public const string InvalidReturnTypeId = "DA0001";

    public const string InvalidReturnTypeMessage =
        "Distributed method '{0}' returns '{1}'; distributed methods must return Task, Task<T>, ValueTask or ValueTask<T>";

    public const string ByRefParameterId = "DA0002";

    public const string ByRefParameterMessage =
        "Parameter '{0}' of distributed method '{1}' is '{2}'; values cross the network by copy, so ref, out and in are not allowed";

    public const string PropertyOrEventId = "DA0003";

    public const string PropertyOrEventMessage =
        "'{0}' is a {1}; a distributed-actor interface may declare only methods (use a method returning Task<T> instead)";

    public const string GenericMethodId = "DA0004";

    public const string GenericMethodMessage =
        "Distributed method '{0}' is generic; generic methods are not supported, use concrete parameter types";

    public const string UnserializableId = "DA0005";

    public const string UnserializableMessage =
        "{0} of distributed method '{1}' has type '{2}', which cannot be serialized ({3})";

    public const string SeveralCancellationTokensId = "DA0006";

    public const string SeveralCancellationTokensMessage =
        "Distributed method '{0}' has more than one CancellationToken parameter; at most one is allowed";

    /// <summary>How a method's result comes back, from the metadata name (<c>Namespace.Name`arity</c>) of its return type's definition; null when it is not a task.</summary>
    public static ReturnKind? ReturnKindOf(string? metadataName) => metadataName switch
    {
        "System.Threading.Tasks.Task" => ReturnKind.Task,
        "System.Threading.Tasks.Task`1" => ReturnKind.TaskOfT,
        "System.Threading.Tasks.ValueTask" => ReturnKind.ValueTask,
        "System.Threading.Tasks.ValueTask`1" => ReturnKind.ValueTaskOfT,
        _ => null,
    };

    /// <summary>Why a parameter or result type cannot cross the network (the DA0005 reason), or null when it can.</summary>
    public static string? WhyUnserializable<TType>(TType type, ITypeFacts<TType> facts) where TType : class
    {
        if (facts.IsPointer(type)) return "pointers cannot cross the network";
        if (facts.IsDelegate(type)) return "delegates cannot cross the network";
        if (facts.IsRefLike(type)) return "ref structs cannot be boxed or serialized";
        if (facts.ElementType(type) is { } element) return WhyUnserializable(element, facts);
        for (var t = type; t is not null; t = facts.BaseType(t))
        {
            if (ReturnKindOf(facts.MetadataName(t)) is not null) return "a task cannot cross the network; await it before the call";
        }
        foreach (var argument in facts.TypeArguments(type))
        {
            if (WhyUnserializable(argument, facts) is { } why) return why;
        }
        return null;
    }

    /// <summary>The kinds of task a distributed method may return.</summary>
    public enum ReturnKind
    {
        Task,
        TaskOfT,
        ValueTask,
        ValueTaskOfT,
    }

    /// <summary>What the rules need to know about a type, for Roslyn symbols and for reflection.</summary>
    public interface ITypeFacts<TType> where TType : class
    {
        /// <summary><c>Namespace.Name`arity</c> of the type's generic definition (or of the type itself).</summary>
        string? MetadataName(TType type);

        bool IsPointer(TType type);

        bool IsDelegate(TType type);

        bool IsRefLike(TType type);

        /// <summary>The element type of an array; null for other types.</summary>
        TType? ElementType(TType type);

        TType? BaseType(TType type);

        IEnumerable<TType> TypeArguments(TType type);
    }
}
