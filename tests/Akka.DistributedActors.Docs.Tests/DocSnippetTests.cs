namespace Akka.DistributedActors.Docs.Tests;

/// <summary>Every ```csharp block of README.md and docs/*.md compiles against the packages' public API, warnings as errors.</summary>
public sealed class DocSnippetTests
{
    /// <summary>One case per block, named by document and line.</summary>
    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (var s in DocSnippet.All()) data.Add(s.File, s.Line);
        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void Snippet_compiles(string file, int line)
    {
        var sameFile = DocSnippet.Parse(file, File.ReadAllText(Path.Combine(DocSnippet.RepositoryRoot, file))).ToList();
        var snippet = sameFile.Single(s => s.Line == line);
        var problems = SnippetCompiler.Problems(SnippetCompiler.Compile(snippet, sameFile));
        Assert.True(problems.Count == 0, $"{snippet} does not compile:{Environment.NewLine}{string.Join(Environment.NewLine, problems)}");
    }

    [Fact]
    public void Every_document_with_code_has_compiled_blocks()
    {
        Assert.Contains(DocSnippet.All(), s => s.File == "README.md" && !s.IsFragment);
        Assert.Contains(DocSnippet.All(), s => s.IsFragment);
    }
}
