using Dupstream.Common.Secrets;
using Dupstream.Configuration;

namespace Dupstream.Targets.Http;

/// <summary>
/// The shared secret: DUPSTREAM_SERVICE_SECRET or, Docker secrets style, the file named by
/// DUPSTREAM_SERVICE_SECRET_FILE (e.g. /run/secrets/dupstream), read by the rules every secret follows
/// (<see cref="SecretReader"/>). A file loses only its line ending: the secret may start or end with a space.
/// </summary>
internal static class ServiceSecretReader
{
    private static readonly SecretSetting Setting = new(HttpVariables.ServiceSecret, HttpVariables.ServiceSecretFile, SecretFileTrim.LineEnding);

    /// <returns>The secret and the variable it came from; (null, null) when none is set or on error.</returns>
    public static (string? Secret, string? Source) Read(SettingsSource source, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        return SecretReader.Read(
            Setting,
            source.Get(HttpVariables.ServiceSecret),
            source.Get(HttpVariables.ServiceSecretFile),
            new SecretFiles(source.FileExists, source.ReadText),
            errors);
    }
}
