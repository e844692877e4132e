using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using Akka.DistributedActors.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Akka.DistributedActors.Docs.Tests;

/// <summary>
/// Compiles doc snippets as a consumer's project would: the SDK's implicit usings, nullable on, warnings as errors, the
/// packages' assemblies referenced and the distributed-actor generator running as the package's analyzer does.
/// </summary>
public static partial class SnippetCompiler
{
    /// <summary>What <c>ImplicitUsings</c> gives a console or library project of Microsoft.NET.Sdk.</summary>
    public static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The library's namespaces, in scope for fragments.</summary>
    public static readonly string[] LibraryUsings = ["Akka.DistributedActors", "Akka.DistributedActors.Hosting", "Akka.DistributedActors.Management", "Akka.DistributedActors.TestKit"];

    /// <summary>
    /// Variables every fragment may use without declaring them: a started system, another one, the settings inside a
    /// <c>StartAsync</c> callback, an actor's ID and a cancellation token.
    /// </summary>
    public const string FragmentParameters = "ClusterSystem system, ClusterSystem other, ClusterSystemSettings settings, ActorID id, CancellationToken ct";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        // The framework (with ASP.NET Core, which the Management package brings) plus every assembly next to this one.
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll")
            .Where(p => !Path.GetFileName(p).StartsWith("Akka.DistributedActors.Docs.Tests", StringComparison.Ordinal));
        return [.. platform.Concat(local)
            .GroupBy(Path.GetFileNameWithoutExtension, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .Where(IsManagedAssembly)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    /// <summary>The compilation of <paramref name="snippet"/>, after the generator ran; its diagnostics say whether it compiles.</summary>
    public static Compilation Compile(DocSnippet snippet, IReadOnlyList<DocSnippet> sameFile)
    {
        var trees = new List<SyntaxTree> { Usings(ImplicitUsings, "ImplicitUsings.g.cs") };
        if (snippet.IsFragment)
        {
            trees.Add(Usings(LibraryUsings, "LibraryUsings.g.cs"));
            trees.Add(CSharpSyntaxTree.ParseText(WrapFragment(snippet), ParseOptions, path: snippet.File));
            // A fragment sees the types declared by the complete blocks of its document that it names.
            var names = Identifiers().Matches(snippet.Code).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            trees.AddRange(sameFile.Where(s => !s.IsFragment && DeclaredTypes(s).Any(names.Contains)).Select(Parse));
        }
        else
        {
            trees.Add(Parse(snippet));
        }

        var hasEntryPoint = trees.Any(t => t.GetRoot().ChildNodes().OfType<GlobalStatementSyntax>().Any());
        var options = new CSharpCompilationOptions(hasEntryPoint ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999,
            // The SDK's default NoWarn: binding redirects between assembly versions are the runtime's business.
            specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]);
        var compilation = CSharpCompilation.Create("Snippet_" + Guid.NewGuid().ToString("N"), trees, References.Value, options);
        CSharpGeneratorDriver.Create(new DistributedActorGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return generatorDiagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning)
            ? output.AddSyntaxTrees(CSharpSyntaxTree.ParseText($"#error generator: {string.Join("; ", generatorDiagnostics)}", ParseOptions))
            : output;
    }

    /// <summary>Errors and warnings of <paramref name="compilation"/>, one per line with the document's line numbers.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation) =>
        [.. compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError).Select(d =>
        {
            var span = d.Location.GetMappedLineSpan();
            return $"{span.Path}:{span.StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        })];

    /// <summary>Emits a compiled program and returns its assembly image.</summary>
    public static byte[] Emit(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        return image.ToArray();
    }

    private static string WrapFragment(DocSnippet snippet)
    {
        // Leading using directives of a fragment belong to the file, the rest to the method body.
        var lines = snippet.Code.Split('\n');
        var usingCount = lines.TakeWhile(l => l.StartsWith("using ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(';') && !l.Contains('(')).Count();
        var usings = string.Join('\n', lines[..usingCount]);
        var body = string.Join('\n', lines[usingCount..]);
        var isAsync = body.Contains("await ", StringComparison.Ordinal);
        return $$"""
            {{usings}}
            internal static class DocFragment
            {
                internal static {{(isAsync ? "async Task" : "void")}} Run({{FragmentParameters}})
                {
            #line {{snippet.Line + 1 + usingCount}} "{{snippet.File}}"
            {{body}}
            #line default
                }
            }
            """;
    }

    // A #line directive makes diagnostics name the document's own line numbers.
    private static SyntaxTree Parse(DocSnippet complete) =>
        CSharpSyntaxTree.ParseText($"#line {complete.Line + 1} \"{complete.File}\"\n{complete.Code}", ParseOptions, path: complete.File);

    private static SyntaxTree Usings(IEnumerable<string> namespaces, string path) =>
        CSharpSyntaxTree.ParseText(string.Concat(namespaces.Select(n => $"global using global::{n};\n")), ParseOptions, path: path);

    private static IEnumerable<string> DeclaredTypes(DocSnippet snippet) =>
        CSharpSyntaxTree.ParseText(snippet.Code, ParseOptions).GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>().Select(t => t.Identifier.Text);

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex Identifiers();
}
