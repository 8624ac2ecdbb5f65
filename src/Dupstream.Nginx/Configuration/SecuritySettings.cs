namespace Dupstream.Nginx.Configuration;

/// <summary>Who may post: the shared secret and the signature rules.</summary>
internal sealed record SecuritySettings
{
    public const string PlaceholderSecret = "TYPE-YOUR-SECRET-HERE";

    /// <summary>Null when the config has no secret (only allowed with <c>--insecure</c>).</summary>
    public string? Secret { get; init; }

    /// <summary>How far an <c>X-Dupstream-Signature</c> timestamp may be from our clock, either way.</summary>
    public TimeSpan SignatureWindow { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>When true, a request without a valid <c>X-Dupstream-Signature</c> is refused.</summary>
    public bool RequireSignature { get; init; }

    public bool HasUsableSecret => !string.IsNullOrEmpty(Secret) && Secret != PlaceholderSecret;
}
