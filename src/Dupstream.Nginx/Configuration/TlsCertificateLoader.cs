using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dupstream.Nginx.Configuration;

/// <summary>
/// Loads the HTTPS certificate and key from PEM files. Used at config time (so a bad pair stops the
/// program at start, naming the key) and again when Kestrel is set up.
/// </summary>
internal static class TlsCertificateLoader
{
    public static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"tls_certificate, tls_key: cannot load '{certificatePath}' with the key '{keyPath}': {ex.Message}", ex);
        }
    }
}
