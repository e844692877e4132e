using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Akka.DistributedActors.Management.Tests.Dashboard;

/// <summary>
/// Debian's chromium driven through its chromedriver, both found at fixed paths (or the paths in CHROMIUM_PATH and
/// CHROMEDRIVER_PATH). Both paths are given to Selenium, so Selenium Manager never looks for (or downloads) anything.
/// </summary>
internal static class HeadlessBrowser
{
    public const string InstallCommand = "apt-get update && apt-get install -y chromium chromium-driver";

    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static string DriverPath => Environment.GetEnvironmentVariable("CHROMEDRIVER_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromedriver";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        File.Exists(ChromiumPath) && File.Exists(DriverPath)
            ? null
            : $"No headless browser: {(File.Exists(ChromiumPath) ? "" : ChromiumPath + " ")}{(File.Exists(DriverPath) ? "" : DriverPath + " ")}" +
              $"missing. Install with `{InstallCommand}` (or point CHROMIUM_PATH and CHROMEDRIVER_PATH at them).";

    /// <summary>Starts a headless chromium with a fresh profile in <paramref name="profileDirectory"/>; no network use of its own.</summary>
    public static ChromeDriver Start(string profileDirectory)
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1280,860", $"--user-data-dir={profileDirectory}");
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}

/// <summary>A fact that is reported skipped, with the reason and the install command, where chromium or chromedriver is missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser is missing.</summary>
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.MissingReason is { } reason) Skip = reason;
    }
}
