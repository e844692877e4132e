namespace Akka.DistributedActors.Generators.Tests;

public sealed class GeneratorTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Akka.DistributedActors;

        """;

    [Fact]
    public void Valid_interface_generates_proxy_and_invokers_that_compile_without_errors_or_warnings()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Shop;
            public enum Size { Small, Large }
            public sealed record Item(string Name, int Count, Size Size, string? Note);
            public interface ICart : IDistributedActor
            {
                Task Clear();
                Task<int> Add(Item item, int times, CancellationToken cancellationToken);
                ValueTask<string?> Note(string? text);
                ValueTask Touch();
                Task<List<Item>> Items(IReadOnlyDictionary<string, int?> filter, int[] sizes);
                Task<ICart> Copy(ICart other);
                Task<string> @event(string @class);
            }
            public sealed class Cart : DistributedActor, ICart
            {
                public Task Clear() => Task.CompletedTask;
                public Task<int> Add(Item item, int times, CancellationToken cancellationToken) => Task.FromResult(times);
                public ValueTask<string?> Note(string? text) => ValueTask.FromResult(text);
                public ValueTask Touch() => ValueTask.CompletedTask;
                public Task<List<Item>> Items(IReadOnlyDictionary<string, int?> filter, int[] sizes) => Task.FromResult(new List<Item>());
                public Task<ICart> Copy(ICart other) => Task.FromResult(other);
                public Task<string> @event(string @class) => Task.FromResult(@class);
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        var code = Assert.Single(result.GeneratedSources);
        Assert.Contains("internal sealed class ICart_DistributedActorProxy", code);
        Assert.Contains("[global::System.Runtime.CompilerServices.ModuleInitializer]", code);
        Assert.DoesNotContain("MethodInfo", code);
    }

    [Fact]
    public void Inherited_and_nested_interfaces_get_one_proxy_each_covering_base_methods()
    {
        var result = GeneratorHarness.Run(Usings + """
            namespace Zoo;
            public interface IAnimal : IDistributedActor { Task<string> Name(); }
            public static class Outer
            {
                public interface IDog : IAnimal { Task Bark(int times); }
            }
            """);
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Equal(2, result.GeneratedSources.Length);
        var dog = Assert.Single(result.GeneratedSources, s => s.Contains("Outer_IDog_DistributedActorProxy"));
        Assert.Contains("global::Zoo.IAnimal.@Name()", dog);
        Assert.Contains("global::Zoo.Outer.IDog.@Bark(int @times)", dog);
    }

    [Fact]
    public void Interfaces_not_deriving_IDistributedActor_are_ignored()
    {
        var result = GeneratorHarness.Run(Usings + "public interface IPlain : IDisposable { int Foo(); }");
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
    }

    [Theory]
    [InlineData("DA0001", "int Count();", "returns 'int'")]
    [InlineData("DA0001", "void Fire();", "returns 'void'")]
    [InlineData("DA0002", "Task Change(ref int value);", "'ref'")]
    [InlineData("DA0002", "Task Read(out int value);", "'out'")]
    [InlineData("DA0002", "Task Look(in int value);", "'in'")]
    [InlineData("DA0003", "string Name { get; }", "is a property")]
    [InlineData("DA0003", "event EventHandler Changed;", "is a event")]
    [InlineData("DA0004", "Task<T> Echo<T>(T value);", "is generic")]
    [InlineData("DA0005", "Task Run(Action action);", "delegates cannot cross the network")]
    [InlineData("DA0005", "Task Run(Task other);", "a task cannot cross the network")]
    [InlineData("DA0005", "Task<Func<int>> Make();", "The result")]
    [InlineData("DA0005", "Task Run(List<Task<int>> many);", "a task cannot cross the network")]
    [InlineData("DA0005", "unsafe Task Run(int* pointer);", "pointers cannot cross the network")]
    [InlineData("DA0006", "Task Run(CancellationToken a, CancellationToken b);", "more than one CancellationToken")]
    [InlineData("DA0007", "Task Run(int a); Task Run(string a);", "same number of parameters")]
    public void Invalid_members_are_reported_with_their_id_and_no_code_is_generated(string id, string member, string message)
    {
        var result = GeneratorHarness.Run(Usings + "public interface IBad : IDistributedActor { " + member + " }");
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Contains(message, diagnostic.GetMessage());
        Assert.True(diagnostic.Location.IsInSource, "the diagnostic points at the offending member");
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Generic_and_private_interfaces_are_reported()
    {
        var generic = GeneratorHarness.Run(Usings + "public interface IBox<T> : IDistributedActor { Task<T> Get(); }");
        Assert.Equal("DA0008", Assert.Single(generic.GeneratorDiagnostics).Id);
        var hidden = GeneratorHarness.Run(Usings + "public class Host { private interface IHidden : IDistributedActor { Task Go(); } }");
        Assert.Equal("DA0009", Assert.Single(hidden.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void A_valid_interface_deriving_an_invalid_one_gets_no_code_and_no_duplicate_report()
    {
        var result = GeneratorHarness.Run(Usings + """
            public interface IBase : IDistributedActor { int Sync(); }
            public interface IDerived : IBase { Task Fine(); }
            """);
        Assert.Equal("DA0001", Assert.Single(result.GeneratorDiagnostics).Id);
        Assert.Empty(result.GeneratedSources);
    }
}
