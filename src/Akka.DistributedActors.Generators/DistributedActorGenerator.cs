using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using Akka.DistributedActors.Internal;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

using ReturnKind = Akka.DistributedActors.Internal.InterfaceRules.ReturnKind;

namespace Akka.DistributedActors.Generators;

/// <summary>
/// For every interface deriving <c>Akka.DistributedActors.IDistributedActor</c>, emits a proxy (calls go to a <c>ProxyTarget</c>)
/// and method descriptors with typed invokers, registered by a module initializer: no reflection on the call path. Interfaces
/// that break a rule get a DA diagnostic and no code.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DistributedActorGenerator : IIncrementalGenerator
{
    internal const string MarkerInterface = "Akka.DistributedActors.IDistributedActor";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private static readonly SymbolDisplayFormat TypeOfFormat = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var results = context.SyntaxProvider.CreateSyntaxProvider(
                static (node, _) => node is InterfaceDeclarationSyntax { BaseList: not null },
                static (ctx, ct) => Analyze(ctx, ct))
            .Where(static r => r is not null);
        context.RegisterSourceOutput(results, static (spc, result) =>
        {
            foreach (var diagnostic in result!.Diagnostics) spc.ReportDiagnostic(diagnostic);
            if (result.Code is not null) spc.AddSource(result.HintName, result.Code);
        });
    }

    private static GenerationResult? Analyze(GeneratorSyntaxContext ctx, CancellationToken ct)
    {
        if (ctx.SemanticModel.GetDeclaredSymbol(ctx.Node, ct) is not INamedTypeSymbol symbol) return null;
        // A partial interface is handled once, at its first declaration.
        if (symbol.DeclaringSyntaxReferences.Length == 0 || symbol.DeclaringSyntaxReferences[0].GetSyntax(ct) != ctx.Node) return null;
        var marker = ctx.SemanticModel.Compilation.GetTypeByMetadataName(MarkerInterface);
        if (marker is null || !IsDistributed(symbol, marker)) return null;

        var diagnostics = new List<Diagnostic>();
        var hintName = symbol.ToDisplayString(TypeOfFormat).Replace("global::", "").Replace('<', '_').Replace('>', '_') + ".DistributedActor.g.cs";
        if (symbol.IsGenericType)
        {
            diagnostics.Add(Diagnostic.Create(Diagnostics.GenericInterface, symbol.Locations.FirstOrDefault(), symbol.Name));
            return new GenerationResult(hintName, null, diagnostics);
        }
        for (INamedTypeSymbol? t = symbol; t is not null; t = t.ContainingType)
        {
            if (t.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal))
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.Inaccessible, symbol.Locations.FirstOrDefault(), symbol.Name));
                return new GenerationResult(hintName, null, diagnostics);
            }
        }

        var methods = new List<MethodModel>();
        var valid = ValidateMembers(symbol, diagnostics, methods);
        foreach (var inherited in symbol.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(inherited, marker) || !IsDistributed(inherited, marker)) continue;
            // Errors of base interfaces are reported where those interfaces are declared.
            valid &= ValidateMembers(inherited, new List<Diagnostic>(), methods);
        }
        return new GenerationResult(hintName, valid ? Emit(symbol, methods) : null, diagnostics);
    }

    private static bool IsDistributed(INamedTypeSymbol type, INamedTypeSymbol marker) =>
        type.TypeKind == TypeKind.Interface && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, marker));

    private static bool ValidateMembers(INamedTypeSymbol iface, List<Diagnostic> diagnostics, List<MethodModel> methods)
    {
        var errorsBefore = diagnostics.Count;
        var arities = new HashSet<string>();
        foreach (var member in iface.GetMembers())
        {
            if (member.IsStatic) continue;
            var location = member.Locations.FirstOrDefault();
            switch (member)
            {
                case IPropertySymbol property:
                    diagnostics.Add(Diagnostic.Create(Diagnostics.PropertyOrEvent, location, property.Name, "property"));
                    continue;
                case IEventSymbol @event:
                    diagnostics.Add(Diagnostic.Create(Diagnostics.PropertyOrEvent, location, @event.Name, "event"));
                    continue;
                case IMethodSymbol { MethodKind: MethodKind.Ordinary } method:
                    var model = ValidateMethod(iface, method, diagnostics);
                    if (!arities.Add(method.Name + "/" + method.Parameters.Length))
                        diagnostics.Add(Diagnostic.Create(Diagnostics.AmbiguousOverload, location, method.Name));
                    if (model is not null) methods.Add(model);
                    continue;
            }
        }
        return diagnostics.Count == errorsBefore;
    }

    private static MethodModel? ValidateMethod(INamedTypeSymbol iface, IMethodSymbol method, List<Diagnostic> diagnostics)
    {
        var location = method.Locations.FirstOrDefault();
        var errorsBefore = diagnostics.Count;
        var kind = ReturnKindOf(method.ReturnType);
        if (kind is null)
            diagnostics.Add(Diagnostic.Create(Diagnostics.InvalidReturnType, location, method.Name, method.ReturnType.ToDisplayString()));
        if (method.IsGenericMethod)
            diagnostics.Add(Diagnostic.Create(Diagnostics.GenericMethod, location, method.Name));
        var cancellationTokens = 0;
        var parameters = new List<ParameterModel>();
        foreach (var p in method.Parameters)
        {
            var pLocation = p.Locations.FirstOrDefault() ?? location;
            if (p.RefKind != RefKind.None)
            {
                var refKind = p.RefKind switch { RefKind.Out => "out", RefKind.In => "in", _ => p.RefKind == RefKind.Ref ? "ref" : "ref readonly" };
                diagnostics.Add(Diagnostic.Create(Diagnostics.ByRefParameter, pLocation, p.Name, method.Name, refKind));
                continue;
            }
            var isToken = SymbolFacts.Instance.MetadataName(p.Type) == InterfaceRules.CancellationTokenName;
            if (isToken)
            {
                if (++cancellationTokens == 2) diagnostics.Add(Diagnostic.Create(Diagnostics.SeveralCancellationTokens, pLocation, method.Name));
            }
            else if (WhyUnserializable(p.Type) is { } why)
            {
                diagnostics.Add(Diagnostic.Create(Diagnostics.Unserializable, pLocation, $"Parameter '{p.Name}'", method.Name, p.Type.ToDisplayString(), why));
            }
            parameters.Add(new ParameterModel(p.Name, p.Type.ToDisplayString(TypeFormat), p.Type.ToDisplayString(TypeOfFormat), isToken));
        }
        string? result = null;
        string? resultTypeOf = null;
        if (kind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT)
        {
            var resultType = ((INamedTypeSymbol)method.ReturnType).TypeArguments[0];
            if (WhyUnserializable(resultType) is { } why)
                diagnostics.Add(Diagnostic.Create(Diagnostics.Unserializable, location, "The result", method.Name, resultType.ToDisplayString(), why));
            result = resultType.ToDisplayString(TypeFormat);
            resultTypeOf = resultType.ToDisplayString(TypeOfFormat);
        }
        if (diagnostics.Count != errorsBefore) return null;
        return new MethodModel(iface.ToDisplayString(TypeOfFormat), method.Name, kind!.Value, result, resultTypeOf, parameters);
    }

    private static string? WhyUnserializable(ITypeSymbol type) => InterfaceRules.WhyUnserializable(type, SymbolFacts.Instance);

    private static ReturnKind? ReturnKindOf(ITypeSymbol type) => InterfaceRules.ReturnKindOf(SymbolFacts.Instance.MetadataName(type));

    private static string Emit(INamedTypeSymbol iface, List<MethodModel> methods)
    {
        var ns = iface.ContainingNamespace.IsGlobalNamespace ? null : iface.ContainingNamespace.ToDisplayString();
        var baseName = string.Join("_", ContainingTypes(iface).Select(t => t.Name)) + "_" + iface.Name;
        var proxy = baseName.TrimStart('_') + "_DistributedActorProxy";
        var registration = baseName.TrimStart('_') + "_DistributedActorRegistration";
        var ifaceType = iface.ToDisplayString(TypeOfFormat);
        var sb = new StringBuilder();
        sb.AppendLine("// <auto-generated/>");
        sb.AppendLine("#nullable enable");
        sb.AppendLine("#pragma warning disable CS1591, CA2255");
        if (ns is not null) sb.Append("namespace ").Append(ns).AppendLine(";").AppendLine();

        sb.AppendLine("[global::System.CodeDom.Compiler.GeneratedCode(\"Akka.DistributedActors.Generators\", \"1.0\")]");
        sb.AppendLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        sb.Append("internal static class ").AppendLine(registration);
        sb.AppendLine("{");
        for (var i = 0; i < methods.Count; i++)
        {
            var m = methods[i];
            var serialized = m.Parameters.Where(p => !p.IsCancellationToken).ToList();
            var index = 0;
            var call = string.Join(", ", m.Parameters.Select(p => p.IsCancellationToken ? "ct" : $"({p.Type})args[{index++}]!"));
            var invoke = $"(({m.Interface})target).@{m.Name}({call})";
            if (m.Kind is ReturnKind.ValueTask or ReturnKind.ValueTaskOfT) invoke += ".AsTask()";
            sb.Append("    internal static readonly global::Akka.DistributedActors.DistributedMethod M").Append(i).AppendLine(" = new(");
            sb.Append("        typeof(").Append(m.Interface).Append("), \"").Append(m.Name).AppendLine("\",");
            sb.Append("        new global::System.Type[] { ").Append(string.Join(", ", serialized.Select(p => $"typeof({p.TypeOf})"))).AppendLine(" },");
            sb.Append("        ").Append(m.Parameters.Any(p => p.IsCancellationToken) ? "true" : "false").Append(", ");
            sb.Append(m.ResultTypeOf is null ? "null" : $"typeof({m.ResultTypeOf})").AppendLine(",");
            sb.Append("        static (target, args, ct) => ").Append(invoke).AppendLine(",");
            sb.Append("        ").Append(m.Result is null ? "null" : $"static task => ((global::System.Threading.Tasks.Task<{m.Result}>)task).Result").AppendLine(");");
            sb.AppendLine();
        }
        sb.AppendLine("    [global::System.Runtime.CompilerServices.ModuleInitializer]");
        sb.AppendLine("    internal static void Register() => global::Akka.DistributedActors.DistributedInterfaceRegistry.Register(");
        sb.Append("        new global::Akka.DistributedActors.DistributedInterface(typeof(").Append(ifaceType).Append("), new global::Akka.DistributedActors.DistributedMethod[] { ");
        sb.Append(string.Join(", ", methods.Select((_, i) => "M" + i))).AppendLine(" },");
        sb.Append("            static target => new ").Append(proxy).AppendLine("(target)));");
        sb.AppendLine("}");
        sb.AppendLine();

        sb.AppendLine("[global::System.CodeDom.Compiler.GeneratedCode(\"Akka.DistributedActors.Generators\", \"1.0\")]");
        sb.AppendLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        sb.Append("internal sealed class ").Append(proxy).Append(" : global::Akka.DistributedActors.DistributedActorProxy, ").AppendLine(ifaceType);
        sb.AppendLine("{");
        sb.Append("    public ").Append(proxy).AppendLine("(global::Akka.DistributedActors.ProxyTarget target) : base(target) { }");
        for (var i = 0; i < methods.Count; i++)
        {
            var m = methods[i];
            var signature = string.Join(", ", m.Parameters.Select(p => $"{p.Type} @{p.Name}"));
            var args = m.Parameters.Where(p => !p.IsCancellationToken).ToList();
            var argArray = args.Count == 0 ? "global::System.Array.Empty<object?>()" : "new object?[] { " + string.Join(", ", args.Select(p => "@" + p.Name)) + " }";
            var token = m.Parameters.FirstOrDefault(p => p.IsCancellationToken) is { } t ? "@" + t.Name : "default";
            var target = $"{registration}.M{i}, {argArray}, {token}";
            var (returnType, body) = m.Kind switch
            {
                ReturnKind.Task => ("global::System.Threading.Tasks.Task", $"Target.CallVoid({target})"),
                ReturnKind.ValueTask => ("global::System.Threading.Tasks.ValueTask", $"new global::System.Threading.Tasks.ValueTask(Target.CallVoid({target}))"),
                ReturnKind.TaskOfT => ($"global::System.Threading.Tasks.Task<{m.Result}>", $"Target.Call<{m.Result}>({target})"),
                _ => ($"global::System.Threading.Tasks.ValueTask<{m.Result}>", $"new global::System.Threading.Tasks.ValueTask<{m.Result}>(Target.Call<{m.Result}>({target}))"),
            };
            sb.AppendLine();
            sb.Append("    ").Append(returnType).Append(' ').Append(m.Interface).Append(".@").Append(m.Name).Append('(').Append(signature).AppendLine(") =>");
            sb.Append("        ").Append(body).AppendLine(";");
        }
        sb.AppendLine("}");
        return sb.ToString();
    }

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(INamedTypeSymbol type)
    {
        var stack = new Stack<INamedTypeSymbol>();
        for (var t = type.ContainingType; t is not null; t = t.ContainingType) stack.Push(t);
        return stack;
    }

    private sealed class ParameterModel(string name, string type, string typeOf, bool isCancellationToken)
    {
        public string Name { get; } = name;

        public string Type { get; } = type;

        public string TypeOf { get; } = typeOf;

        public bool IsCancellationToken { get; } = isCancellationToken;
    }

    private sealed class MethodModel(string @interface, string name, ReturnKind kind, string? result, string? resultTypeOf, List<ParameterModel> parameters)
    {
        public string Interface { get; } = @interface;

        public string Name { get; } = name;

        public ReturnKind Kind { get; } = kind;

        public string? Result { get; } = result;

        public string? ResultTypeOf { get; } = resultTypeOf;

        public List<ParameterModel> Parameters { get; } = parameters;
    }

    /// <summary>What one interface produces; equatable so unchanged interfaces are not re-emitted.</summary>
    private sealed class GenerationResult(string hintName, string? code, List<Diagnostic> diagnostics) : IEquatable<GenerationResult>
    {
        public string HintName { get; } = hintName;

        public string? Code { get; } = code;

        public ImmutableArray<Diagnostic> Diagnostics { get; } = diagnostics.ToImmutableArray();

        public bool Equals(GenerationResult? other) =>
            other is not null && HintName == other.HintName && Code == other.Code && Diagnostics.SequenceEqual(other.Diagnostics);

        public override bool Equals(object? obj) => Equals(obj as GenerationResult);

        public override int GetHashCode() => HintName.GetHashCode() ^ (Code?.GetHashCode() ?? 0);
    }

    /// <summary>The facts <see cref="InterfaceRules"/> needs, read from Roslyn symbols.</summary>
    private sealed class SymbolFacts : InterfaceRules.ITypeFacts<ITypeSymbol>
    {
        public static readonly SymbolFacts Instance = new();

        public string? MetadataName(ITypeSymbol type)
        {
            var definition = type is INamedTypeSymbol named ? named.ConstructedFrom : type;
            return definition.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + definition.MetadataName : definition.MetadataName;
        }

        public bool IsPointer(ITypeSymbol type) => type is IPointerTypeSymbol or IFunctionPointerTypeSymbol;

        public bool IsDelegate(ITypeSymbol type) => type.TypeKind == TypeKind.Delegate;

        public bool IsRefLike(ITypeSymbol type) => type.IsRefLikeType;

        public ITypeSymbol? ElementType(ITypeSymbol type) => (type as IArrayTypeSymbol)?.ElementType;

        public ITypeSymbol? BaseType(ITypeSymbol type) => type.BaseType;

        public IEnumerable<ITypeSymbol> TypeArguments(ITypeSymbol type) =>
            type is INamedTypeSymbol { IsGenericType: true } named ? named.TypeArguments : Enumerable.Empty<ITypeSymbol>();
    }
}
