namespace Dupstream.Targets.Consul;

/// <summary>Meta maps compare by content: Consul returns them in its own order.</summary>
internal static class MetaEquality
{
    public static bool Same(IReadOnlyDictionary<string, string> left, IReadOnlyDictionary<string, string> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return left.Count == right.Count
            && left.All(pair => right.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
    }
}
