using Dupstream.Nginx.Flavours.Nginx.Validation;

namespace Dupstream.Nginx.Monitoring;

/// <summary>
/// Pure: the reason category of a left-out service or node, for the metrics label. The validator's reasons echo
/// user input (names, label values), so they cannot be labels themselves: every distinct name would be a new series.
/// </summary>
internal static class RejectionCategory
{
    public const string Other = "other";

    /// <summary>Left out after nginx -t refused it (counted by the apply, not the validator).</summary>
    public const string NginxTest = "nginx_test";

    // First match wins; the texts are the validator's (Validation/SnapshotValidator), pinned by its golden files.
    private static readonly (string Start, string Category)[] Prefixes =
    [
        ("Name is not a valid nginx upstream name", "invalid_name"),
        ("duplicate service Name", "duplicate_name"),
        ($"label {LabelNames.File} ", "file_label"),
        ($"label {LabelNames.Port} ", "port_label"),
        ("PublishedPort ", "published_port"),
        ($"label {LabelNames.Prefix} ", "prefix_label"),
        ($"labels {LabelNames.Prefix} and ", "directive_conflict"),
        ($"label {LabelNames.Suffix} ", "suffix_label"),
        ("node Id is empty", "empty_node_id"),
        ("duplicate node Id", "duplicate_node_id"),
        ("Ip '", "invalid_ip"),
        ("Name '", "invalid_host_name"),
        ("is null, not ", "null_element"),
        ("unsafe address: ", "unsafe_address"),
        ("unsafe name: ", "unsafe_name"),
        ("label '", "null_element"),
        ("Ports contains null", "null_element"),
        ("Nodes contains null", "null_element"),
    ];

    public static string Of(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        foreach (var (start, category) in Prefixes)
        {
            if (reason.StartsWith(start, StringComparison.Ordinal))
            {
                return category;
            }
        }

        return Other;
    }
}
