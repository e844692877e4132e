namespace Akka.DistributedActors;

/// <summary>A setting of <see cref="ClusterSystemSettings"/> is invalid; the message names the setting and its value.</summary>
public sealed class ClusterSystemSettingsException : ArgumentException
{
    /// <summary>Creates the error for <paramref name="settingName"/> (e.g. "Node.Port") holding <paramref name="value"/>.</summary>
    public ClusterSystemSettingsException(string settingName, object? value, string problem, Exception? inner = null)
        : base($"Invalid setting {settingName} = {Format(value)}: {problem}", settingName, inner)
    {
        SettingName = settingName;
        Value = value;
    }

    /// <summary>The dotted name of the setting, e.g. <c>Node.Port</c>.</summary>
    public string SettingName { get; }

    /// <summary>The rejected value.</summary>
    public object? Value { get; }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        TimeSpan t => $"{t.TotalMilliseconds}ms",
        _ => value.ToString() ?? "",
    };
}
