using System.Net;
using System.Net.Sockets;

namespace Dupstream.Bench.Latency.Measure;

/// <summary>
/// Hands out host ports for the services, each once per run and only when nothing listens on it:
/// a removed service's container may still hold its port for a moment, so ports are never reused.
/// </summary>
internal sealed class FreePortFinder(int firstPort)
{
    private readonly int first = firstPort;
    private int next = firstPort;

    public int Next()
    {
        for (; next < IPEndPoint.MaxPort; next++)
        {
            if (IsFree(next))
            {
                return next++;
            }
        }
        throw new InvalidOperationException($"No free TCP port from {first} up.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var probe = new TcpListener(IPAddress.Any, port);
            probe.Start();
            probe.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
