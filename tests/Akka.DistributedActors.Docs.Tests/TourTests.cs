using System.Diagnostics;
using System.Reflection;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Akka.DistributedActors.Docs.Tests;

/// <summary>The README tour is a program a newcomer pastes into Program.cs: it runs, greets across two nodes and ends.</summary>
public sealed class TourTests
{
    [Fact]
    public async Task Readme_tour_prints_the_greeting_and_ends()
    {
        var tour = DocSnippet.Parse("README.md", File.ReadAllText(Path.Combine(DocSnippet.RepositoryRoot, "README.md")))
            .First(s => !s.IsFragment);
        var compilation = SnippetCompiler.Compile(tour, [tour]);
        var entryPoint = Assembly.Load(SnippetCompiler.Emit(compilation)).EntryPoint!;

        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        var watch = Stopwatch.StartNew();
        try
        {
            // The entry point of async top-level statements blocks until the program has ended.
            await Task.Run(() => entryPoint.Invoke(null, [Array.Empty<string>()])).WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Contains("Hello, Caplin!"), $"The tour printed, in {watch.Elapsed}:{Environment.NewLine}{output}");
        // Quiet by default: the program's own lines plus a few startup lines, and no stack trace.
        Assert.True(lines.Length <= 12, $"The tour printed {lines.Length} lines:{Environment.NewLine}{output}");
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }
}
