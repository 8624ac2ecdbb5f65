using Dupstream.Common.Logging;

namespace Dupstream.Configuration;

/// <summary>The environment variables the watcher reads.</summary>
internal static class EnvironmentNames
{
    public const string Service = "DUPSTREAM_SERVICE";
    public const string ServiceUrl = "DUPSTREAM_SERVICE_URL";
    public const string ServiceSecret = "DUPSTREAM_SERVICE_SECRET";
    public const string ServiceSecretFile = "DUPSTREAM_SERVICE_SECRET_FILE";
    public const string SignatureOnly = "DUPSTREAM_SIGNATURE_ONLY";
    public const string CaFile = "DUPSTREAM_CA_FILE";
    public const string Period = "DUPSTREAM_PERIOD";
    public const string ServiceTimeout = "DUPSTREAM_SERVICE_TIMEOUT";
    public const string HttpPort = "DUPSTREAM_HTTP_PORT";
    public const string HttpAddress = "DUPSTREAM_HTTP_ADDRESS";
    public const string LogFormat = LogFormatSetting.VariableName;
    public const string DockerHost = "DOCKER_HOST";
    public const string DockerTlsVerify = "DOCKER_TLS_VERIFY";
    public const string DockerCertPath = "DOCKER_CERT_PATH";
    public const string Home = "HOME";
    public const string ConsulHttpAddr = "CONSUL_HTTP_ADDR";
    public const string ConsulHttpSsl = "CONSUL_HTTP_SSL";
    public const string ConsulHttpToken = "CONSUL_HTTP_TOKEN";
    public const string ConsulHttpTokenFile = "CONSUL_HTTP_TOKEN_FILE";
    public const string ConsulCaCert = "CONSUL_CACERT";
}
