namespace Dupstream.Configuration;

/// <summary>Reads DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH with the docker CLI's meaning.</summary>
internal static class EngineEndpointReader
{
    public static readonly string[] CertificateFiles = ["ca.pem", "cert.pem", "key.pem"];

    public static EngineEndpoint? Read(SettingsSource source, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(errors);
        var raw = source.Get(EnvironmentNames.DockerHost);
        var address = EngineEndpoint.DefaultAddress;
        if (!string.IsNullOrWhiteSpace(raw))
        {
            var text = raw.Trim();
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed))
            {
                errors.Add($"{EnvironmentNames.DockerHost}: '{text}' is not a URL (examples: unix:///var/run/docker.sock, tcp://10.0.0.1:2376).");
                return null;
            }

            switch (parsed.Scheme)
            {
                case "unix" when parsed.AbsolutePath.Length > 1:
                case "tcp" or "http" or "https" when !string.IsNullOrEmpty(parsed.Host):
                    address = parsed;
                    break;
                default:
                    errors.Add($"{EnvironmentNames.DockerHost}: '{text}' is not supported; use unix:///path/to/docker.sock or tcp://host:port.");
                    return null;
            }
        }

        // The docker CLI turns TLS verification on for any non-empty value, "0" included; we do the same
        // so an environment that works with the CLI works here.
        var tlsVerify = !string.IsNullOrEmpty(source.Get(EnvironmentNames.DockerTlsVerify));
        if (!tlsVerify)
        {
            return new EngineEndpoint(address, false, null);
        }

        if (address.Scheme == "unix")
        {
            errors.Add($"{EnvironmentNames.DockerTlsVerify} is set but {EnvironmentNames.DockerHost} is a unix socket; TLS needs tcp://host:port.");
            return null;
        }

        var certPath = source.Get(EnvironmentNames.DockerCertPath);
        if (string.IsNullOrWhiteSpace(certPath))
        {
            var home = source.Get(EnvironmentNames.Home);
            certPath = string.IsNullOrWhiteSpace(home) ? null : Path.Combine(home, ".docker");
        }

        if (certPath is null)
        {
            errors.Add($"{EnvironmentNames.DockerCertPath}: not set and HOME is unknown; point it at the folder holding ca.pem, cert.pem and key.pem.");
            return null;
        }

        var missing = CertificateFiles.Where(name => !source.FileExists(Path.Combine(certPath, name))).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{EnvironmentNames.DockerCertPath}: '{certPath}' lacks {string.Join(", ", missing)} (needed because {EnvironmentNames.DockerTlsVerify} is set).");
            return null;
        }

        return new EngineEndpoint(address, true, certPath);
    }
}
