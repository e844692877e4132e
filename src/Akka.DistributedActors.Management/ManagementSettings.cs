namespace Akka.DistributedActors.Management;

/// <summary>Where the management HTTP endpoint listens and how other nodes reach it (Akka.Management's <c>akka.management.http</c>).</summary>
public sealed class ManagementSettings
{
    /// <summary>Akka.Management's default management port, 8558.</summary>
    public const int DefaultPort = 8558;

    /// <summary>
    /// The host other nodes and probes use to reach the endpoint (it is ClusterBootstrap's self contact point); null (default) uses
    /// the cluster node's <c>Node.Host</c>.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>The port to listen on; default 8558. 0 picks a free port, reported by <see cref="ManagementEndpoint.Port"/>.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>The local interface to bind when it differs from <see cref="Host"/> (e.g. "0.0.0.0" in a container); null (default) binds <see cref="Host"/>.</summary>
    public string? BindHost { get; set; }

    /// <summary>
    /// The secret that management actions (the dashboard's Leave and Down) require as <c>Authorization: Bearer &lt;token&gt;</c>;
    /// null (default) accepts no action. At least 16 characters without whitespace; keep it out of source control.
    /// </summary>
    public string? BearerToken { get; set; }

    /// <summary>The live cluster page at <c>/dashboard</c>: on and read-only by default.</summary>
    public DashboardSettings Dashboard { get; } = new();

    /// <summary>The shortest <see cref="BearerToken"/> accepted.</summary>
    internal const int MinimumTokenLength = 16;

    internal void Validate(string host)
    {
        ClusterSystemSettings.ValidateHost("Management.Host", host);
        ClusterSystemSettings.ValidatePort("Management.Port", Port);
        if (BindHost is not null) ClusterSystemSettings.ValidateHost("Management.BindHost", BindHost);
        ValidateAccess();
    }

    /// <summary>Checks the token and the dashboard settings (what the routes need, wherever they are mapped).</summary>
    internal void ValidateAccess()
    {
        // The token itself never appears in an error or a log line.
        if (BearerToken is { } token && (token.Length < MinimumTokenLength || token.Any(char.IsWhiteSpace)))
            throw new ClusterSystemSettingsException("Management.BearerToken", $"({token.Length} characters, not shown)",
                $"must be at least {MinimumTokenLength} characters without whitespace.");
        Dashboard.Validate(this);
    }
}
