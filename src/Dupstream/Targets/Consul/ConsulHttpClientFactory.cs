using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Dupstream.Delivery;

namespace Dupstream.Targets.Consul;

/// <summary>The HttpClient for Consul: CONSUL_CACERT trusted in addition to the system's roots.</summary>
internal static class ConsulHttpClientFactory
{
    public static HttpClient Create(ConsulSettings settings, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var handler = new SocketsHttpHandler
        {
            // Consul answers the catalog API directly; a redirect would turn a PUT into a GET.
            AllowAutoRedirect = false,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        };

        ExtraCaTrust.Apply(handler, settings.CaCertificatesPem);

        // Each request carries its own timeout (ConsulCatalogClient).
        return new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>What the system trusts, or a chain that ends in one of the extra CAs; a wrong host name never passes.</summary>
    internal static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots) =>
        ExtraCaTrust.Trusted(certificate, errors, roots);
}
