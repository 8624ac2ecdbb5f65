using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Dupstream.Delivery;

/// <summary>
/// Certificate validation that trusts extra CAs (DUPSTREAM_CA_FILE, CONSUL_CACERT) in addition to the system's
/// roots, rather than instead of them: a target with a public certificate keeps working when a private CA is added.
/// </summary>
internal static class ExtraCaTrust
{
    /// <summary>Puts the check on <paramref name="handler"/> when <paramref name="caCertificatesPem"/> holds CAs; otherwise leaves the system's check alone.</summary>
    public static void Apply(SocketsHttpHandler handler, string? caCertificatesPem)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (caCertificatesPem is null)
        {
            return;
        }

        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(caCertificatesPem);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, roots);
    }

    /// <summary>What the system trusts, or a chain that ends in one of the extra CAs; a wrong host name never passes.</summary>
    public static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is not X509Certificate2 leaf)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
