using Dupstream.Common.Logging;

namespace Dupstream.Configuration;

/// <summary>The environment variables of the shared concerns; each target kind names its own (Targets/Http/HttpVariables, Targets/Consul/ConsulVariables).</summary>
internal static class EnvironmentNames
{
    public const string Service = "DUPSTREAM_SERVICE";
    public const string Period = "DUPSTREAM_PERIOD";
    public const string ServiceTimeout = "DUPSTREAM_SERVICE_TIMEOUT";
    public const string HttpPort = "DUPSTREAM_HTTP_PORT";
    public const string HttpAddress = "DUPSTREAM_HTTP_ADDRESS";
    public const string LogFormat = LogFormatSetting.VariableName;
    public const string DockerHost = "DOCKER_HOST";
    public const string DockerTlsVerify = "DOCKER_TLS_VERIFY";
    public const string DockerCertPath = "DOCKER_CERT_PATH";
    public const string Home = "HOME";
}
