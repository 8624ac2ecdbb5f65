using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Dupstream.Nginx.Core.Api;

/// <summary>
/// Compares the <c>x-secret</c> header in constant time. Both sides are hashed first so not even the
/// secret's length leaks through timing.
/// </summary>
internal sealed class SecretCheck(string? secret)
{
    private readonly byte[]? expected = secret is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public bool Accepts(StringValues header)
    {
        if (expected is null)
        {
            return true; // --insecure without a secret: the original accepted such requests too.
        }

        if (header.Count != 1 || header[0] is not { } given)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), expected);
    }
}
