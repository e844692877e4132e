using System.Globalization;
using System.Text;
using Akka.DistributedActors;
using Akka.DistributedActors.Discovery.Kubernetes;

namespace ClusterNode;

/// <summary>The command line of the ClusterNode sample, parsed and checked before anything starts.</summary>
internal sealed class NodeOptions
{
    // One row per option. To add one: a property, a row here (with the settings path it fills, so that the library's
    // validation errors name the option) and a line in Apply.
    private static readonly OptionSpec[] Specs =
    [
        new("--name", "NAME", "this node's system name, shown on every node (default ClusterSystem)", "Name", (o, v) => o.Name = v),
        new("--host", "HOST", "host or IP address other nodes reach this node at (default 127.0.0.1)", "Node.Host", (o, v) => o.Host = v),
        new("--port", "PORT", "port to bind, 0 picks a free one (default 7337)", "Node.Port", (o, v) => o.Port = ParsePort(v)),
        new("--join", "HOST:PORT", "node to join; repeat to give several", null, (o, v) => o.Join.Add(ParseEndpoint(v))),
        new("--join-timeout", "SECONDS", "give a --join up (and exit with code 1) when the node does not answer within this (default 60)",
            "Join.GiveUpAfter", (o, v) => o.JoinTimeout = TimeSpan.FromSeconds(ParsePositive(v))),
        new("--discovery", "static:HOST:PORT,... | kubernetes:NAMESPACE:LABELSELECTOR",
            "find and join the listed nodes by itself: the same list on every node, or the pods the Kubernetes API lists (at their port named remoting; an empty NAMESPACE is the pod's own)",
            "Discovery", (o, v) => o.Discovery = ParseDiscovery(v)),
        new("--app-version", "VERSION", "the application version other nodes see on this member (e.g. 1.2.0)", "AppVersion", (o, v) => o.AppVersion = v),
        new("--management-port", "PORT", "serve GET /cluster/members, /health/alive, /health/ready on this port, 0 picks one", "Management.Port",
            (o, v) => o.ManagementPort = ParsePort(v)),
        new("--min-members", "N", "members needed before the leader moves anyone up (default 1)", "AutoLeaderElection",
            (o, v) => o.MinMembers = ParsePositive(v)),
        new("--role", "ROLE", "a role of this node; repeat to give several", "Roles", (o, v) => o.Roles.Add(v)),
        new("--log-level", "LEVEL", "debug, info, warning, error or off (default warning)", "Logging.LogLevel", (o, v) => o.LogLevel = ParseLogLevel(v)),
        new("--leave-timeout", "SECONDS", "how long Ctrl+C waits for this node to be removed (default 15)", null,
            (o, v) => o.LeaveTimeout = TimeSpan.FromSeconds(ParsePositive(v))),
        new("--otlp", "URL", "export traces and metrics over OTLP/gRPC to this collector, e.g. http://localhost:4317", null,
            (o, v) => o.OtlpEndpoint = ParseHttpUri(v)),
        new("--console-telemetry", "", "print spans and (every 10 s) metrics to the console", null, (o, _) => o.ConsoleTelemetry = true, Flag: true),
    ];

    public string Name { get; private set; } = ClusterSystemSettings.DefaultName;

    public string Host { get; private set; } = ClusterSystemSettings.DefaultHost;

    public int Port { get; private set; } = ClusterSystemSettings.DefaultPort;

    public List<Node> Join { get; } = [];

    public TimeSpan JoinTimeout { get; private set; } = new JoinSettings().GiveUpAfter;

    public ServiceDiscoverySettings? Discovery { get; private set; }

    public int? ManagementPort { get; private set; }

    public string? AppVersion { get; private set; }

    // One, not Swift's 2: a node started alone should come up as soon as it joins itself or another node.
    public int MinMembers { get; private set; } = 1;

    public List<string> Roles { get; } = [];

    public LogLevel LogLevel { get; private set; } = LogLevel.Warning;

    public TimeSpan LeaveTimeout { get; private set; } = TimeSpan.FromSeconds(15);

    public Uri? OtlpEndpoint { get; private set; }

    public bool ConsoleTelemetry { get; private set; }

    public bool ShowHelp { get; private set; }

    /// <summary>Parses <paramref name="args"/>; throws <see cref="UsageException"/> naming the first bad option.</summary>
    public static NodeOptions Parse(IReadOnlyList<string> args)
    {
        var options = new NodeOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help")
            {
                options.ShowHelp = true;
                continue;
            }
            var (key, inlineValue) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            var spec = Specs.FirstOrDefault(s => s.Name == key)
                ?? throw new UsageException(arg, arg.StartsWith('-') ? "is not a known option" : "is not an option (options start with --)");
            if (spec.Flag)
            {
                if (inlineValue is not null) throw new UsageException(key, "takes no value");
                spec.Apply(options, "");
                continue;
            }
            string value;
            if (inlineValue is not null) value = inlineValue;
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) value = args[++i];
            else throw new UsageException(key, $"needs a value ({spec.ValueName})");
            try
            {
                spec.Apply(options, value);
            }
            catch (FormatException e)
            {
                throw new UsageException(key, $"\"{value}\" {e.Message}");
            }
        }
        options.CheckSettings();
        return options;
    }

    /// <summary>Copies the options into <paramref name="settings"/>.</summary>
    public void Apply(ClusterSystemSettings settings)
    {
        settings.Name = Name;
        settings.Node.Host = Host;
        settings.Node.Port = Port;
        settings.AutoLeaderElection = LeadershipSelectionSettings.LowestReachable(MinMembers);
        foreach (var role in Roles) settings.Roles.Add(role);
        settings.Discovery = Discovery;
        settings.Join.GiveUpAfter = JoinTimeout;
        settings.AppVersion = AppVersion;
        settings.Logging.UseBuiltInFormatter = true;
        settings.Logging.LogLevel = LogLevel;
        // Akka's own SIGTERM/process-exit hook would start a coordinated shutdown that races the sample's handler; the
        // sample leaves through the facade itself (Program.LeaveAsync) so that each step is visible and bounded.
        settings.AdditionalHocon = "akka.coordinated-shutdown.run-by-clr-shutdown-hook = off";
    }

    public static string Usage()
    {
        var sb = new StringBuilder();
        sb.AppendLine("Usage: ClusterNode [options]");
        sb.AppendLine();
        sb.AppendLine("Starts one cluster node, prints the membership whenever it changes and every cluster event;");
        sb.AppendLine("Ctrl+C (SIGINT) or SIGTERM leaves the cluster gracefully. Exits with code 1 when a --join is given up.");
        sb.AppendLine();
        sb.AppendLine("Options (--opt VALUE or --opt=VALUE):");
        var width = Specs.Max(s => s.Name.Length + s.ValueName.Length + 1);
        foreach (var spec in Specs)
            sb.AppendLine($"  {(spec.Name + " " + spec.ValueName).PadRight(width)}  {spec.Help}");
        sb.AppendLine($"  {"-h, --help".PadRight(width)}  show this help");
        sb.AppendLine();
        sb.AppendLine("Example: ClusterNode --name a --port 7337");
        sb.AppendLine("         ClusterNode --name b --port 7338 --join 127.0.0.1:7337");
        sb.AppendLine("         ClusterNode --name c --port 7339 --discovery static:127.0.0.1:7337,127.0.0.1:7338,127.0.0.1:7339 --management-port 8558");
        sb.Append("         ClusterNode --host $POD_IP --port 4053 --discovery kubernetes:shop:app=cluster-node --management-port 8558 (in a pod)");
        return sb.ToString();
    }

    // The library validates names and hosts; checking here turns its error into a usage error that names the option.
    private void CheckSettings()
    {
        var settings = new ClusterSystemSettings();
        Apply(settings);
        try
        {
            settings.Validate();
        }
        catch (ClusterSystemSettingsException e)
        {
            throw new UsageException(OptionFor(e.SettingName), Problem(e));
        }
    }

    /// <summary>The option that fills the setting <paramref name="settingName"/> (e.g. "Node.Port" gives "--port").</summary>
    public static string OptionFor(string settingName) =>
        Specs.FirstOrDefault(s => s.Setting is not null && settingName.StartsWith(s.Setting, StringComparison.Ordinal))?.Name ?? settingName;

    /// <summary>The library's message without the "(Parameter ...)" suffix that ArgumentException adds.</summary>
    public static string Problem(ClusterSystemSettingsException e) => e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);

    private static int ParsePort(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new FormatException("is not a port number (0..65535)");
        return port;
    }

    private static int ParsePositive(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new FormatException("is not a positive whole number");
        return n;
    }

    private static Node ParseEndpoint(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
            throw new FormatException("is not HOST:PORT (e.g. 127.0.0.1:7337)");
        var host = value[..colon].Trim('[', ']');
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            throw new FormatException($"has an invalid host \"{host}\"");
        var port = ParsePort(value[(colon + 1)..]);
        if (port == 0)
            throw new FormatException("has port 0; give the port the other node printed when it started");
        return new Node(host, port);
    }

    private static ServiceDiscoverySettings ParseDiscovery(string value)
    {
        const string staticPrefix = "static:", kubernetesPrefix = "kubernetes:";
        if (value.StartsWith(kubernetesPrefix, StringComparison.Ordinal))
        {
            // Label selectors cannot contain ':' (label keys and values do not allow it), so the first ':' ends the namespace.
            var rest = value[kubernetesPrefix.Length..];
            var colon = rest.IndexOf(':');
            if (colon < 0 || string.IsNullOrWhiteSpace(rest[(colon + 1)..]))
                throw new FormatException("is not kubernetes:NAMESPACE:LABELSELECTOR (e.g. kubernetes:shop:app=cluster-node)");
            var ns = rest[..colon].Trim();
            return ServiceDiscoverySettings.Kubernetes(ns.Length == 0 ? null : ns, rest[(colon + 1)..].Trim());
        }
        if (!value.StartsWith(staticPrefix, StringComparison.Ordinal))
            throw new FormatException("is not static:HOST:PORT,HOST:PORT,... or kubernetes:NAMESPACE:LABELSELECTOR");
        var nodes = value[staticPrefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (nodes.Length == 0)
            throw new FormatException("lists no HOST:PORT after static:");
        return ServiceDiscoverySettings.Static(nodes.Select(ParseEndpoint).ToArray());
    }

    private static LogLevel ParseLogLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _)
            ? level
            : throw new FormatException("is not one of debug, info, warning, error, off");

    private static Uri ParseHttpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new FormatException("is not an absolute http:// or https:// URL");

    private sealed record OptionSpec(string Name, string ValueName, string Help, string? Setting, Action<NodeOptions, string> Apply, bool Flag = false);
}

/// <summary>A command-line option is wrong; the message names it.</summary>
internal sealed class UsageException(string option, string problem) : Exception($"{option}: {problem}");
