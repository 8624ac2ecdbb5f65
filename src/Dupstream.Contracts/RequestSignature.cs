using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dupstream.Contracts;

/// <summary>
/// The <c>X-Dupstream-Signature</c> scheme, shared by the watcher (which signs) and the receiver (which verifies):
/// <c>t=&lt;unix seconds&gt;,v1=&lt;lower-case hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;" keyed with the UTF-8 secret&gt;</c>.
/// Signing the time together with the body lets a receiver refuse old and replayed requests, which the bare
/// shared-secret header (X-SECRET, kept for compatibility) cannot. It lives here so both sides use one definition.
/// </summary>
public static class RequestSignature
{
    public const string HeaderName = "X-Dupstream-Signature";

    /// <summary>Length in bytes of a v1 signature (HMAC-SHA256).</summary>
    public const int SignatureBytes = 32;

    /// <summary>The raw HMAC-SHA256 of <c>"{unixSeconds}." + body</c> keyed with the UTF-8 secret.</summary>
    public static byte[] Compute(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    /// <summary>The header value a sender puts on a request: <c>t=...,v1=...</c> (lower-case hex).</summary>
    public static string CreateHeader(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        string.Create(CultureInfo.InvariantCulture, $"t={unixSeconds},v1={Convert.ToHexStringLower(Compute(secret, unixSeconds, body))}");

    /// <summary>
    /// Splits a header value into its timestamp and v1 signature. Exactly one <c>t</c> (decimal seconds) and one
    /// <c>v1</c> (64 hex digits) are accepted, in either order; unknown keys (future versions) are ignored.
    /// On failure <paramref name="error"/> says why, without quoting the value.
    /// </summary>
    public static bool TryParse(string? header, out long unixSeconds, out byte[] signature, out string? error)
    {
        unixSeconds = 0;
        signature = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            error = "the header is empty.";
            return false;
        }

        string? t = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = "expected comma-separated key=value pairs (t=<unix seconds>,v1=<hex HMAC-SHA256>).";
                return false;
            }

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (key is "t" or "v1" && (key == "t" ? t : v1) is not null)
            {
                error = $"'{key}' is given more than once.";
                return false;
            }

            if (key == "t")
            {
                t = value;
            }
            else if (key == "v1")
            {
                v1 = value;
            }
        }

        if (t is null || !long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out unixSeconds))
        {
            error = "'t' must be the signing time in whole unix seconds.";
            return false;
        }

        if (v1 is null || v1.Length != SignatureBytes * 2 || !v1.All(char.IsAsciiHexDigit))
        {
            error = $"'v1' must be {SignatureBytes * 2} hex digits (HMAC-SHA256).";
            return false;
        }

        signature = Convert.FromHexString(v1);
        error = null;
        return true;
    }

    /// <summary>Like <see cref="TryParse"/>, for callers that treat a bad header as a bug: throws <see cref="FormatException"/>.</summary>
    public static (long UnixSeconds, byte[] Signature) Parse(string header) =>
        TryParse(header, out var unixSeconds, out var signature, out var error)
            ? (unixSeconds, signature)
            : throw new FormatException($"{HeaderName}: {error}");

    /// <summary>True when <paramref name="signature"/> is the v1 signature of the body at that time; constant time.</summary>
    public static bool Verify(string secret, long unixSeconds, ReadOnlySpan<byte> body, ReadOnlySpan<byte> signature) =>
        CryptographicOperations.FixedTimeEquals(Compute(secret, unixSeconds, body), signature);
}
