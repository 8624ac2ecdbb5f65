using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dupstream.Configuration;

/// <summary>
/// Reads a file of PEM CA certificates named by an environment variable (DUPSTREAM_CA_FILE, CONSUL_CACERT) and
/// parses it at start, so a bad file stops the start, not a delivery. Messages name the variable and the path.
/// </summary>
internal static class PemCaFileReader
{
    /// <param name="variable">The variable the path came from, named in every error.</param>
    /// <param name="raw">The variable's value; null or blank when it is not set.</param>
    /// <returns>The PEM text, or null when the variable is not set or on error.</returns>
    public static string? Read(string variable, string? raw, Func<string, bool> fileExists, Func<string, string> readText, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var path = raw.Trim();
        if (!fileExists(path))
        {
            errors.Add($"{variable}: '{path}' does not exist.");
            return null;
        }

        try
        {
            var pem = readText(path);
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(pem);
            var count = certificates.Count;
            foreach (var certificate in certificates)
            {
                certificate.Dispose();
            }

            if (count == 0)
            {
                errors.Add($"{variable}: '{path}' holds no PEM certificate.");
                return null;
            }

            return pem;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            errors.Add($"{variable}: '{path}' cannot be read as PEM certificates: {exception.Message}");
            return null;
        }
    }
}
