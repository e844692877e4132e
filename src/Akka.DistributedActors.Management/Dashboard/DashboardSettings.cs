namespace Akka.DistributedActors.Management;

/// <summary>The live cluster page of the management endpoint (<c>GET /dashboard</c>) and its event stream.</summary>
public sealed class DashboardSettings
{
    /// <summary>Serve <c>/dashboard</c> and <c>/dashboard/events</c>; default true (the page only reads).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Show Leave and Down buttons and accept those actions; default false. Needs <see cref="ManagementSettings.BearerToken"/>:
    /// every action must carry it as <c>Authorization: Bearer &lt;token&gt;</c>.
    /// </summary>
    public bool ActionsEnabled { get; set; }

    /// <summary>How many of the latest cluster events the timeline keeps; default 300.</summary>
    public int TimelineLength { get; set; } = 300;

    /// <summary>
    /// How many messages may wait for one page that reads slowly; default 256. A page that falls further behind is disconnected
    /// (it reconnects and starts again from a fresh snapshot), so one slow reader never holds up the node or other pages.
    /// </summary>
    public int ClientBufferSize { get; set; } = 256;

    /// <summary>How often an idle event stream sends a comment line, so that dead connections are noticed; default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    internal void Validate(ManagementSettings management)
    {
        if (TimelineLength is < 1 or > 100_000)
            throw new ClusterSystemSettingsException("Management.Dashboard.TimelineLength", TimelineLength, "must be between 1 and 100000.");
        if (ClientBufferSize is < 1 or > 100_000)
            throw new ClusterSystemSettingsException("Management.Dashboard.ClientBufferSize", ClientBufferSize, "must be between 1 and 100000.");
        ClusterSystemSettings.Positive("Management.Dashboard.KeepAliveInterval", KeepAliveInterval);
        if (ActionsEnabled && string.IsNullOrWhiteSpace(management.BearerToken))
            throw new ClusterSystemSettingsException("Management.BearerToken", null,
                "must be set when Management.Dashboard.ActionsEnabled is true: every Leave or Down needs it.");
    }
}
