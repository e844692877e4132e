using System.Net;
using System.Net.Sockets;

namespace Akka.DistributedActors.TestKit;

/// <summary>
/// Picks ports that are free right now, for configurations that must name ports before a node starts (a static seed list, a
/// discovery config). All sockets are bound at once, so the ports are distinct, then released; another process could in principle
/// take one before the node binds it, which then fails the start with a clear "already in use" error.
/// </summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct free TCP ports on <paramref name="host"/> (default 127.0.0.1).</summary>
    public static int[] Take(int count, string host = "127.0.0.1")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var address = IPAddress.Parse(host);
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(address, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}
