namespace Dupstream.Targets.Http;

/// <summary>The environment variables the http kind reads.</summary>
internal static class HttpVariables
{
    public const string ServiceUrl = "DUPSTREAM_SERVICE_URL";
    public const string ServiceSecret = "DUPSTREAM_SERVICE_SECRET";
    public const string ServiceSecretFile = "DUPSTREAM_SERVICE_SECRET_FILE";
    public const string SignatureOnly = "DUPSTREAM_SIGNATURE_ONLY";
    public const string CaFile = "DUPSTREAM_CA_FILE";
}
