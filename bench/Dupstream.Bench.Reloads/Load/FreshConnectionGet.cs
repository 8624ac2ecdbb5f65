using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Dupstream.Bench.Reloads.Load;

/// <summary>
/// One GET on a new TCP connection to nginx (<c>Connection: close</c>, read to the end): what a new client
/// sees. Raw sockets, so no client-side pool or retry hides which nginx worker took the connection.
/// </summary>
internal static class FreshConnectionGet
{
    public static async Task<(int Status, string Body)> SendAsync(int port, string path, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n");
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var text = Encoding.ASCII.GetString(received.GetBuffer(), 0, (int)received.Length);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var statusLine = text.Split("\r\n", 2)[0].Split(' ');
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : 0;
        return (status, headerEnd < 0 ? "" : text[(headerEnd + 4)..]);
    }
}
