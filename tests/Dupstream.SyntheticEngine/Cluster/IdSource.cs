using System.Globalization;

namespace Dupstream.SyntheticEngine.Cluster;

/// <summary>Engine-like IDs (25 lower-case letters and digits, 64-hex container IDs) from a seeded generator.</summary>
internal sealed class IdSource(int seed)
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Random random = new(seed);
    private readonly HashSet<string> issued = new(StringComparer.Ordinal);

    public string NextObjectId()
    {
        while (true)
        {
            var id = string.Create(25, random, static (span, r) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Alphabet[r.Next(Alphabet.Length)];
                }
            });
            if (issued.Add(id))
            {
                return id;
            }
        }
    }

    public string NextContainerId()
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public int NextPid() => random.Next(1000, 4_000_000);

    public static string Hostname(int index) => string.Create(CultureInfo.InvariantCulture, $"syn-node{index + 1:D4}");

    public static string ServiceName(int index) => string.Create(CultureInfo.InvariantCulture, $"svc{index + 1:D5}");

    /// <summary>10.240.0.1 onwards: addresses in the payload only, never contacted.</summary>
    public static string NodeAddress(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{240 + (index / 62_500)}.{index / 250 % 250}.{(index % 250) + 1}");

    public static string OverlayAddress(int index) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{(index / 62_500) % 250}.{index / 250 % 250}.{(index % 250) + 2}");
}
