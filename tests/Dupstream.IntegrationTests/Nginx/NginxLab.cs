using Dupstream.IntegrationTests.Support;

namespace Dupstream.IntegrationTests.Nginx;

/// <summary>
/// The nginx collection's private nginx (<see cref="PrivateNginxServer"/>): one loopback port of its own, and
/// <c>include PREFIX/sites/*.conf</c> for the servers tests add.
/// </summary>
public sealed class NginxLab : IAsyncLifetime
{
    private readonly PrivateNginxServer server = new("dupstream-nginx-lab-", "lab nginx", "sites/*.conf");

    public string Prefix => server.Prefix;

    public string ConfPath => server.ConfPath;

    public string SitesDirectory => Path.Combine(Prefix, "sites");

    public int LabPort { get; } = FreePort.Next();

    public string TestCommand => server.TestCommand;

    public string ReloadCommand => server.ReloadCommand;

    public Task InitializeAsync() => server.StartAsync(LabPort);

    /// <summary>Adds or replaces a server file included by nginx.conf (not reloaded yet).</summary>
    public string WriteSite(string name, string text)
    {
        var path = Path.Combine(SitesDirectory, name + ".conf");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs a command line like the receiver does; returns exit code and stderr.</summary>
    public static Task<(int ExitCode, string Error)> RunAsync(string commandLine) => PrivateNginxServer.RunAsync(commandLine);

    public Task ReloadAsync() => server.ReloadAsync();

    public Task DisposeAsync() => server.StopAndDeleteAsync();
}
