namespace Dupstream.Nginx.Configuration;

/// <summary>The commands that test and reload the proxy, run with <c>/bin/sh -c</c> as the original did.</summary>
internal sealed record CommandSettings
{
    public bool ReloadNginxConfig { get; init; } = true;

    public string ReloadNginxCommand { get; init; } = "nginx -s reload";

    public string NginxTestCommand { get; init; } = "nginx -t";
}
