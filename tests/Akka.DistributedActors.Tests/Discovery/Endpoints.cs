namespace Akka.DistributedActors.Tests.Discovery;

/// <summary>"host:port" strings as a discovery might list them.</summary>
internal static class Endpoints
{
    /// <summary>Parses "host:port"; throws for anything else, as a user's map would.</summary>
    public static Node Parse(string entry)
    {
        var colon = entry.LastIndexOf(':');
        return new Node(entry[..colon], int.Parse(entry[(colon + 1)..]));
    }
}
