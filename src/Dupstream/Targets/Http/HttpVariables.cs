namespace Dupstream.Targets.Http;

/// <summary>The environment variables the http kind reads.</summary>
internal static class HttpVariables
{
    public const string ServiceUrl = "DUPSTREAM_SERVICE_URL";
    public const string ServiceSecret = "DUPSTREAM_SERVICE_SECRET";
    public const string ServiceSecretFile = "DUPSTREAM_SERVICE_SECRET_FILE";
    public const string SignatureOnly = "DUPSTREAM_SIGNATURE_ONLY";
    public const string CaFile = "DUPSTREAM_CA_FILE";

    /// <summary>All of them, with what --help says of each.</summary>
    public static IReadOnlyList<TargetVariable> All { get; } =
    [
        new(ServiceUrl, "URLs separated by '|'"),
        new(ServiceSecret, "sent as X-SECRET, and the key of X-Dupstream-Signature"),
        new(ServiceSecretFile, $"{ServiceSecret} read from a file"),
        new(SignatureOnly, "true: send only the signature, never the secret"),
        new(CaFile, "extra CAs for https targets"),
    ];
}
