using System.Net;
using System.Net.Sockets;

namespace Dupstream.Common.Health;

/// <summary>
/// The <c>health</c> subcommand of both binaries: one GET of the process's own <c>/healthz</c>, turned into an exit
/// code (0 healthy, 1 not), so the images' HEALTHCHECK and stack.yml need no wget or curl in the image.
/// </summary>
public static class HealthProbe
{
    public const int Healthy = 0;
    public const int Unhealthy = 1;

    /// <summary>Where a listener bound to <paramref name="listenAddress"/> (null: every interface) answers on this machine.</summary>
    public static Uri LoopbackUrl(IPAddress? listenAddress, int port, bool tls)
    {
        var host = listenAddress switch
        {
            null => IPAddress.Loopback,
            _ when listenAddress.Equals(IPAddress.Any) => IPAddress.Loopback,
            _ when listenAddress.Equals(IPAddress.IPv6Any) => IPAddress.IPv6Loopback,
            _ => listenAddress,
        };
        var text = host.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return new Uri($"{(tls ? "https" : "http")}://{text}:{port}/healthz");
    }

    /// <summary>Prints one line (the URL and the status, or why there was none) and returns the exit code.</summary>
    public static async Task<int> RunAsync(Uri url, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(output);
        using var handler = new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false };
        // The probe asks the process's own listener on this machine and sends nothing secret; the listener's
        // certificate names the address clients use, never the loopback address, so it cannot be validated here.
#pragma warning disable CA5359
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        using var client = new HttpClient(handler) { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(url, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{url}: {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? Healthy : Unhealthy;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"{url}: no answer ({ex.Message})").ConfigureAwait(false);
            return Unhealthy;
        }
    }
}
