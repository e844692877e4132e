using System.Reflection;
using Akka.DistributedActors.TestKit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Akka.DistributedActors.TestKit.Tests;

/// <summary>A spec that declares its nodes once gets a compile error for a mistyped node name, not a failure at run time.</summary>
public sealed class TypedNameCompileTests
{
    private const string Spec = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Akka.DistributedActors.TestKit;

        public enum Nodes { First, Second, Third }

        public static class Roles
        {
            public static readonly RoleName Seed = "seed";
            public static readonly RoleName Worker = "worker";
        }

        public sealed class TypedSpec : MultiNodeSpec
        {
            protected override IReadOnlyList<string> NodeNames => RoleName.NamesOf<Nodes>();

            public Task Kill_and_restart() => RunAsync(async node =>
            {
                await node.CheckpointAsync("started");
                await node.RunOnAsync(Nodes.FIRST_NAME, _ => node.KillAsync(Nodes.THIRD_NAME));
                await node.RunOnAsync([Nodes.First, Nodes.Second], _ => node.BlackholeAsync(Nodes.First, Nodes.Second));
                await node.ThrottleAsync(Nodes.First, Nodes.Second, 10_000, LinkDirection.AToB);
                await node.RunOnAsync("First", _ => node.RestartAsync(Nodes.THIRD_NAME, "rejoined"));
                System.Console.WriteLine(node[Nodes.Second]);
            });
        }

        public sealed class StaticSpec : MultiNodeSpec
        {
            protected override IReadOnlyList<string> NodeNames => [Roles.Seed, Roles.Worker];

            public Task Partition() => RunAsync(node => node.PartitionAsync([Roles.Seed], [Roles.WORKER_NAME]));
        }
        """;

    [Fact]
    public void Declared_node_names_compile()
    {
        Assert.Empty(Errors(Spec.Replace("FIRST_NAME", "First").Replace("THIRD_NAME", "Third").Replace("WORKER_NAME", "Worker")));
    }

    [Fact]
    public void Mistyped_enum_node_name_is_a_compile_error()
    {
        var errors = Errors(Spec.Replace("FIRST_NAME", "First").Replace("THIRD_NAME", "Thrid").Replace("WORKER_NAME", "Worker"));

        Assert.Equal(["CS0117"], errors.Select(e => e.Id).Distinct());
        Assert.All(errors, e => Assert.Contains("'Nodes' does not contain a definition for 'Thrid'", e.GetMessage(), StringComparison.Ordinal));
    }

    [Fact]
    public void Mistyped_static_role_name_is_a_compile_error()
    {
        var error = Assert.Single(Errors(Spec.Replace("FIRST_NAME", "First").Replace("THIRD_NAME", "Third").Replace("WORKER_NAME", "Wroker")));

        Assert.Equal("CS0117", error.Id);
        Assert.Contains("'Roles' does not contain a definition for 'Wroker'", error.GetMessage(), StringComparison.Ordinal);
    }

    private static IReadOnlyList<Diagnostic> Errors(string source)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var references = trusted.Append(typeof(MultiNodeSpec).Assembly.Location).Append(typeof(ClusterSystem).Assembly.Location)
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("TypedNames", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }
}
