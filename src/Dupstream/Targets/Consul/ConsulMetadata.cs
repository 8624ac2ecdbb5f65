using System.Text;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Consul's rules for service and node meta (structs.ValidateMetadata): keys of ASCII letters, digits, '-' and '_',
/// at most 128 characters, not starting with "consul-"; values at most 512 bytes; at most 64 pairs. Labels are
/// fitted to them: invalid key characters become '_' (com.docker.stack.namespace -> com_docker_stack_namespace);
/// what still does not fit is dropped, with a reason, rather than have Consul refuse the whole registration.
/// </summary>
internal static class ConsulMetadata
{
    public const int MaximumKeyLength = 128;
    public const int MaximumValueBytes = 512;
    public const int MaximumPairs = 64;
    public const string ReservedPrefix = "consul-";

    /// <summary>The label key as a meta key: every character outside [A-Za-z0-9_-] replaced by '_'.</summary>
    public static string Key(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return string.Create(label.Length, label, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_';
            }
        });
    }

    /// <summary>
    /// Labels (in ordinal key order, so the outcome never depends on listing order) merged after
    /// <paramref name="fixedMeta"/>, which always wins. Each dropped label comes back with its reason.
    /// </summary>
    public static (SortedDictionary<string, string> Meta, List<(string Label, string Reason)> Dropped) FromLabels(
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> fixedMeta)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(fixedMeta);
        var meta = new SortedDictionary<string, string>(fixedMeta.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal);
        var dropped = new List<(string, string)>();
        foreach (var (label, value) in labels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var key = Key(label);
            var reason = key.Length == 0 ? "the key is empty"
                : key.Length > MaximumKeyLength ? $"the key is longer than {MaximumKeyLength} characters"
                : key.StartsWith(ReservedPrefix, StringComparison.Ordinal) ? $"keys starting with '{ReservedPrefix}' are reserved by Consul"
                : fixedMeta.ContainsKey(key) ? $"'{key}' is dupstream's own meta key"
                : meta.ContainsKey(key) ? $"another label already became meta key '{key}'"
                : Encoding.UTF8.GetByteCount(value) > MaximumValueBytes ? $"the value is longer than {MaximumValueBytes} bytes"
                : meta.Count >= MaximumPairs ? $"Consul allows at most {MaximumPairs} meta pairs"
                : null;
            if (reason is null)
            {
                meta.Add(key, value);
            }
            else
            {
                dropped.Add((label, reason));
            }
        }

        return (meta, dropped);
    }
}
