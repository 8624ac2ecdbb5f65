using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Dupstream.Configuration;

/// <summary>
/// Reads DUPSTREAM_CA_FILE: PEM certificates of CAs trusted for https targets in addition to the system's roots
/// (a private CA in front of the receivers). Read and parsed at start, so a bad file stops the start, not a delivery.
/// </summary>
internal static class TrustedCaReader
{
    /// <returns>The PEM text, or null when the variable is not set or on error.</returns>
    public static string? Read(
        IReadOnlyDictionary<string, string?> environment,
        Func<string, bool> fileExists,
        Func<string, string> readText,
        List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(fileExists);
        ArgumentNullException.ThrowIfNull(readText);
        ArgumentNullException.ThrowIfNull(errors);
        var raw = WatcherOptionsReader.Get(environment, EnvironmentNames.CaFile);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var path = raw.Trim();
        if (!fileExists(path))
        {
            errors.Add($"{EnvironmentNames.CaFile}: '{path}' does not exist.");
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
                errors.Add($"{EnvironmentNames.CaFile}: '{path}' holds no PEM certificate.");
                return null;
            }

            return pem;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
        {
            errors.Add($"{EnvironmentNames.CaFile}: '{path}' cannot be read as PEM certificates: {exception.Message}");
            return null;
        }
    }
}
