using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Cli;

/// <summary>
/// The configuration as the subcommands that serve nothing (<c>render</c>, <c>health</c>) read it: checked as at start,
/// except that no secret is needed, since neither sends nor checks one.
/// </summary>
internal static class OfflineConfig
{
    /// <summary>The loaded config, or null after printing the one-line reason (the caller exits with BadConfig).</summary>
    public static async Task<ReceiverConfig?> TryLoadAsync(string path)
    {
        try
        {
            return ReceiverConfigLoader.Load(path, Environment.GetEnvironmentVariable, insecure: true, Environment.CurrentDirectory);
        }
        catch (ConfigException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return null;
        }
    }
}
