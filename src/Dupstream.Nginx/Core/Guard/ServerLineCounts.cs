namespace Dupstream.Nginx.Core.Guard;

/// <summary>Pure: compares two countings of server lines.</summary>
internal static class ServerLineCounts
{
    /// <summary>How many server lines of <paramref name="current"/> are not in <paramref name="next"/> (as multisets).</summary>
    public static int Removed(IReadOnlyDictionary<string, int> current, IReadOnlyDictionary<string, int> next) =>
        current.Sum(entry => Math.Max(0, entry.Value - next.GetValueOrDefault(entry.Key)));
}
