using Dupstream.Delivery;

namespace Dupstream.Targets.Http;

/// <summary>The one HttpClient all http targets share: no redirects, DUPSTREAM_CA_FILE trusted in addition to the system's roots.</summary>
internal static class HttpTargetClientFactory
{
    public static HttpClient Create(string? caCertificatesPem, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            // A 3xx is not an acknowledgement; following it would turn the POST into a GET.
            AllowAutoRedirect = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };
        ExtraCaTrust.Apply(handler, caCertificatesPem);
        // Each request carries its own timeout (HttpTarget); the client-wide one would only get in the way.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
