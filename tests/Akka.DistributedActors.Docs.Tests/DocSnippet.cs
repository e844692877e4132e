using System.Text.RegularExpressions;

namespace Akka.DistributedActors.Docs.Tests;

/// <summary>
/// One ```csharp block of a Markdown file: <c>```csharp</c> is a complete compilation unit (a program, or type declarations),
/// <c>```csharp fragment</c> is statements compiled inside a method body.
/// </summary>
public sealed partial record DocSnippet(string File, int Line, string Code, bool IsFragment)
{
    /// <summary>The repository root: the nearest folder above the test assembly holding the solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>README.md and docs/*.md, the documents whose snippets are compiled.</summary>
    public static IEnumerable<string> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(RepositoryRoot, "docs"), "*.md")
            .Select(p => Path.GetRelativePath(RepositoryRoot, p).Replace('\\', '/')).Order(StringComparer.Ordinal));

    /// <summary>Every ```csharp block of every document.</summary>
    public static IEnumerable<DocSnippet> All() => Documents().SelectMany(d => Parse(d, System.IO.File.ReadAllText(Path.Combine(RepositoryRoot, d))));

    /// <summary>The ```csharp blocks of one Markdown text; <paramref name="line"/> numbers are 1-based, of the opening fence.</summary>
    public static IEnumerable<DocSnippet> Parse(string file, string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            var info = open.Groups["info"].Value.Trim();
            var end = Array.FindIndex(lines, i + 1, l => l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            if (end < 0) throw new FormatException($"{file}:{i + 1}: code block is never closed.");
            var words = info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 0 && words[0] == "csharp")
            {
                if (words.Length > 2 || (words.Length == 2 && words[1] != "fragment"))
                    throw new FormatException($"{file}:{i + 1}: unknown code block kind '{info}' (use ```csharp or ```csharp fragment).");
                yield return new DocSnippet(file, i + 1, string.Join('\n', lines[(i + 1)..end]), words.Length == 2);
            }
            i = end;
        }
    }

    /// <summary>The xunit case name, e.g. <c>docs/security.md:14</c>.</summary>
    public override string ToString() => $"{File}:{Line}";

    [GeneratedRegex(@"^\s*```(?<info>[^`]*)$")]
    private static partial Regex Fence();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Akka.DistributedActors.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No Akka.DistributedActors.sln above {AppContext.BaseDirectory}.");
    }
}
