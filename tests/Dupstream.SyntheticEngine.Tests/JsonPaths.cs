using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dupstream.SyntheticEngine.Tests;

/// <summary>
/// The shape of a JSON value: every property path (array elements as "[]") with the kind of value found there,
/// e.g. "Status.ContainerStatus.PID: Number". Two objects of the same shape give the same set.
/// </summary>
internal static class JsonPaths
{
    public static SortedSet<string> Of(JsonNode? node)
    {
        var paths = new SortedSet<string>(StringComparer.Ordinal);
        Walk(node, "$", paths);
        return paths;
    }

    private static void Walk(JsonNode? node, string path, SortedSet<string> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                paths.Add($"{path}: Object");
                foreach (var (name, value) in obj)
                {
                    Walk(value, $"{path}.{name}", paths);
                }

                break;
            case JsonArray array:
                paths.Add($"{path}: Array");
                foreach (var item in array)
                {
                    Walk(item, path + "[]", paths);
                }

                break;
            case null:
                paths.Add($"{path}: Null");
                break;
            default:
                var kind = node.GetValueKind();
                paths.Add($"{path}: {(kind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : kind.ToString())}");
                break;
        }
    }
}
