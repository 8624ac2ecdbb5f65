using System.Text;

namespace Dupstream.Docker;

/// <summary>
/// The listing requests the watcher makes. /tasks asks the engine to filter, so only running-desired tasks travel;
/// after a change the engine is asked only about what changed. Filters are sent in the map form Docker.DotNet
/// sends too; several values of one filter are OR-ed by the engine, different filters AND-ed.
/// </summary>
internal static class EngineListingPaths
{
    public const string Nodes = "nodes";

    public const string Services = "services";

    /// <summary>filters={"desired-state":{"running":true}}.</summary>
    public static readonly string RunningTasks = Tasks(null, []);

    /// <summary>The services with these IDs (the engine matches IDs by prefix; full IDs match only themselves).</summary>
    public static string ServicesWithIds(IEnumerable<string> ids) => Services + "?filters=" + Filters(("id", ids));

    /// <summary>The nodes with these IDs.</summary>
    public static string NodesWithIds(IEnumerable<string> ids) => Nodes + "?filters=" + Filters(("id", ids));

    /// <summary>Running-desired tasks of these services (every one must exist: the engine answers 404 otherwise).</summary>
    public static string RunningTasksOfServices(IEnumerable<string> serviceIds) => Tasks("service", serviceIds);

    /// <summary>Running-desired tasks on these nodes (every one must exist: the engine answers 404 otherwise).</summary>
    public static string RunningTasksOnNodes(IEnumerable<string> nodeIds) => Tasks("node", nodeIds);

    private static string Tasks(string? key, IEnumerable<string> values) => key is null
        ? "tasks?filters=" + Filters(("desired-state", ["running"]))
        : "tasks?filters=" + Filters(("desired-state", ["running"]), (key, values));

    private static string Filters(params (string Key, IEnumerable<string> Values)[] filters)
    {
        var json = new StringBuilder("{");
        foreach (var (key, values) in filters)
        {
            json.Append(json.Length > 1 ? ",\"" : "\"").Append(key).Append("\":{");
            var first = true;
            foreach (var value in values.Order(StringComparer.Ordinal))
            {
                // Engine IDs and states are [a-z0-9]; anything else is refused rather than escaped into the query.
                if (value.Length == 0 || !value.All(char.IsAsciiLetterOrDigit))
                {
                    throw new ArgumentException($"'{value}' is not an engine ID or state.", nameof(filters));
                }

                json.Append(first ? "\"" : ",\"").Append(value).Append("\":true");
                first = false;
            }

            json.Append('}');
        }

        return Uri.EscapeDataString(json.Append('}').ToString());
    }
}
