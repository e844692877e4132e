using System.Diagnostics;
using System.Text.Json;
using Akka.DistributedActors.TestKit;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using Xunit.Abstractions;

namespace Akka.DistributedActors.Management.Tests.Dashboard;

/// <summary>The dashboard in a real headless chromium (skipped, with the install command, where there is none).</summary>
public sealed class DashboardTests(ITestOutputHelper output) : ClusteredSystemsTestBase(output)
{
    private const string Token = "browser-test-token-0123456789";
    private const string ScriptRole = "<script>alert(1)</script>";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DirectoryInfo? _profile;
    private ChromeDriver? _driver;

    [BrowserFact]
    public async Task The_page_lists_the_members_marks_a_cut_off_node_unreachable_and_its_removal_and_shows_roles_as_text()
    {
        // Nobody downs automatically: the test downs the cut-off node with the page's Down button.
        var a = await SetUpNodeAsync("a", s => s.Downing = DowningStrategySettings.None);
        var b = await SetUpNodeAsync("b", s => { s.Downing = DowningStrategySettings.None; s.Roles.Add("frontend"); });
        var c = await SetUpNodeAsync("c", s => { s.Downing = DowningStrategySettings.None; s.Roles.Add(ScriptRole); });
        var settings = new ManagementSettings { Port = 0, BearerToken = Token };
        settings.Dashboard.ActionsEnabled = true;
        await using var management = await ClusterManagement.StartAsync(a, settings);
        var driver = Driver();
        driver.Navigate().GoToUrl(new Uri(management.Uri, "dashboard"));
        await WaitForPageAsync(p => p.Connection == "live" && p.Members.Length == 1, "this node alone");
        // The cluster forms while the page is open: the rows come from live changes, not from the first snapshot.
        a.Cluster.Join(a.Cluster.Node);
        await JoinNodesAsync(b, a);
        await JoinNodesAsync(c, a);
        await EnsureAllUpAsync([a, b, c]);

        var page = await WaitForPageAsync(p => p.Connection == "live" && p.Members.Length == 3 && p.Members.All(m => m.Cells[2] == "Up"),
            "three Up members");
        var rowOfA = page.Member(a);
        Assert.Contains("this node", rowOfA.Cells[0]);
        Assert.Equal("a", rowOfA.Cells[1]);
        var leader = a.Cluster.MembershipSnapshot.Leader!.Node;
        Assert.Single(page.Members, m => m.Cells[0].Contains("leader"));
        Assert.Contains("leader", page.Members.Single(m => m.Key == leader.ToString()).Cells[0]);
        Assert.Equal("frontend", page.Member(b).Cells[4]);
        // The role is text: no script element was created and nothing ran.
        Assert.Equal(ScriptRole, page.Member(c).Cells[4]);
        Assert.Empty(driver.FindElements(By.CssSelector("#members script")));
        Assert.Throws<NoAlertPresentException>(() => driver.SwitchTo().Alert());
        Screenshot("three-up");

        var cut = Stopwatch.StartNew();
        await PartitionAsync([c], [a, b]);
        var unreachableWithin = a.Settings.FailureDetector.AcceptableHeartbeatPause + TimeSpan.FromSeconds(8);
        page = await WaitForPageAsync(p => p.Member(c).Cells[3] == "Unreachable", "c unreachable", unreachableWithin);
        Output?.WriteLine($"The page showed c unreachable {cut.ElapsedMilliseconds} ms after the cut.");
        Assert.Contains("unreachable", page.Member(c).Class);
        Screenshot("unreachable");

        driver.FindElement(By.Id("token")).SendKeys(Token);
        driver.FindElement(By.Id("operator")).SendKeys("browser-test");
        driver.FindElement(By.CssSelector($"#members tr[data-node='{c.Cluster.UniqueNode}'] button.down")).Click();
        driver.SwitchTo().Alert().Accept();
        page = await WaitForPageAsync(p => p.Members.Length == 2 && p.Members.All(m => m.Key != c.Cluster.UniqueNode.ToString()), "c removed");
        var label = $"c@{c.Cluster.Node.Host}:{c.Cluster.Node.Port}";
        // The timeline lists the latest first.
        var ofC = page.Timeline.Reverse().Where(t => t.Cells[2] == label).Select(t => t.Cells[3].Split(" \u2192 ")[1]).ToList();
        var unreachable = ofC.IndexOf("Unreachable");
        var down = ofC.IndexOf("Down");
        var removed = ofC.IndexOf("Removed");
        Assert.True(unreachable >= 0 && unreachable < down && down < removed, $"Timeline of c: {string.Join(", ", ofC)}");
        Assert.Equal(["Up", "Up"], page.Members.Select(m => m.Cells[2]));
        Screenshot("removed");
    }

    [BrowserFact]
    public async Task The_page_reconnects_after_the_node_restarts_and_starts_from_a_fresh_snapshot()
    {
        var first = await SetUpNodeAsync("first");
        var management = await ClusterManagement.StartAsync(first, new ManagementSettings { Port = 0 });
        var port = management.Port;
        Driver().Navigate().GoToUrl(new Uri(management.Uri, "dashboard"));
        await WaitForPageAsync(p => p.Connection == "live" && p.Members.Length == 1 && p.Members[0].Key == first.Cluster.UniqueNode.ToString(),
            "the first node");

        await first.ShutdownAsync();
        await management.DisposeAsync();
        await WaitForPageAsync(p => p.Connection != "live", "the page noticing the node is gone");
        var second = await SetUpNodeAsync("second");
        await using var restarted = await ClusterManagement.StartAsync(second, new ManagementSettings { Port = port });

        var page = await WaitForPageAsync(p => p.Connection == "live" && p.Members.Length == 1 && p.Members[0].Key == second.Cluster.UniqueNode.ToString(),
            "the restarted node's snapshot");
        Assert.Contains("this node", page.Members[0].Cells[0]);
        Assert.DoesNotContain(page.Timeline, t => t.Cells[2].StartsWith("first@", StringComparison.Ordinal));
    }

    private ChromeDriver Driver()
    {
        _profile ??= Directory.CreateTempSubdirectory("dashboard-chromium-");
        return _driver ??= HeadlessBrowser.Start(_profile.FullName);
    }

    private async Task<PageState> WaitForPageAsync(Func<PageState, bool> condition, string what, TimeSpan? within = null)
    {
        PageState? last = null;
        var deadline = DateTime.UtcNow + (within ?? DefaultWithin);
        while (DateTime.UtcNow < deadline)
        {
            last = ReadPage();
            try
            {
                if (condition(last)) return last;
            }
            catch (InvalidOperationException)
            {
                // A row the condition looks for is not there yet.
            }
            await Task.Delay(100);
        }
        Screenshot("failed");
        Assert.Fail($"The page did not show {what} within {(within ?? DefaultWithin).TotalSeconds} s; it shows: {JsonSerializer.Serialize(last, Json)}");
        return last!;
    }

    // What the page renders, read in one round trip: every cell's text as the browser shows it.
    private PageState ReadPage()
    {
        const string script = """
            const rows = t => Array.from(document.querySelectorAll(t + ' tbody tr')).map(tr => ({
              key: tr.getAttribute('data-node') || tr.getAttribute('data-seq'), class: tr.className,
              cells: Array.from(tr.cells).map(td => td.textContent) }));
            return JSON.stringify({ connection: document.getElementById('connection').textContent,
              members: rows('#members'), timeline: rows('#timeline') });
            """;
        return JsonSerializer.Deserialize<PageState>((string)_driver!.ExecuteScript(script)!, Json)!;
    }

    private void Screenshot(string name)
    {
        if (_driver is null) return;
        var directory = ArtifactDirectory();
        var path = Path.Combine(directory, $"dashboard-{name}.png");
        _driver.GetScreenshot().SaveAsFile(path);
        Output?.WriteLine($"Screenshot: {path}");
    }

    // The test project's TestResults folder (where `dotnet test` puts its results), or DASHBOARD_ARTIFACTS.
    private static string ArtifactDirectory()
    {
        var directory = Environment.GetEnvironmentVariable("DASHBOARD_ARTIFACTS");
        if (string.IsNullOrEmpty(directory))
        {
            var project = new DirectoryInfo(AppContext.BaseDirectory);
            while (project is not null && !File.Exists(Path.Combine(project.FullName, "Akka.DistributedActors.Management.Tests.csproj")))
                project = project.Parent;
            directory = Path.Combine(project?.FullName ?? AppContext.BaseDirectory, "TestResults", "dashboard");
        }
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        try
        {
            _driver?.Quit();
        }
        finally
        {
            _driver?.Dispose();
            try
            {
                _profile?.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be writing its profile while it exits; the temp directory is cleaned by the system.
            }
            await base.DisposeAsync();
        }
    }

    private sealed record PageState(string Connection, PageRow[] Members, PageRow[] Timeline)
    {
        public PageRow Member(ClusterSystem node) => Members.Single(m => m.Key == node.Cluster.UniqueNode.ToString());
    }

    private sealed record PageRow(string Key, string Class, string[] Cells);
}
