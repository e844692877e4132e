using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Akka.DistributedActors.Generators.Tests;

/// <summary>Compiles a snippet against the library, runs the generator on it and compiles the result.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return [.. platform.Concat([typeof(IDistributedActor).Assembly.Location, typeof(Akka.Actor.ActorSystem).Assembly.Location])
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    });

    public sealed record Result(ImmutableArray<Diagnostic> GeneratorDiagnostics, ImmutableArray<Diagnostic> CompilationErrors, ImmutableArray<string> GeneratedSources);

    public static Result Run(string source)
    {
        var compilation = CSharpCompilation.Create("Snippet",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new DistributedActorGenerator());
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var run = driver.GetRunResult();
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error || d.Severity == DiagnosticSeverity.Warning).ToImmutableArray();
        return new Result(diagnostics, errors, [.. run.GeneratedTrees.Select(t => t.ToString())]);
    }
}
