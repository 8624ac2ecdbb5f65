using System.Text.Json;
using Dupstream.Docker;

namespace Dupstream.Tests.Docker;

public class EngineListingPathsTests
{
    private static JsonElement FiltersOf(string path)
    {
        var query = path[(path.IndexOf("?filters=", StringComparison.Ordinal) + "?filters=".Length)..];
        return JsonDocument.Parse(Uri.UnescapeDataString(query)).RootElement;
    }

    [Fact]
    public void Several_services_travel_as_several_values_of_one_filter_together_with_the_desired_state()
    {
        var path = EngineListingPaths.RunningTasksOfServices(["zz9", "aa1"]);

        Assert.StartsWith("tasks?filters=", path, StringComparison.Ordinal);
        var filters = FiltersOf(path);
        Assert.Equal(["running"], filters.GetProperty("desired-state").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["aa1", "zz9"], filters.GetProperty("service").EnumerateObject().Select(p => p.Name));
        Assert.All(filters.GetProperty("service").EnumerateObject(), p => Assert.Equal(JsonValueKind.True, p.Value.ValueKind));
    }

    [Fact]
    public void Nodes_services_and_node_tasks_use_the_engines_filter_names()
    {
        Assert.Equal(["n1"], FiltersOf(EngineListingPaths.NodesWithIds(["n1"])).GetProperty("id").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["s1"], FiltersOf(EngineListingPaths.ServicesWithIds(["s1"])).GetProperty("id").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["n1"], FiltersOf(EngineListingPaths.RunningTasksOnNodes(["n1"])).GetProperty("node").EnumerateObject().Select(p => p.Name));
        Assert.StartsWith("nodes?", EngineListingPaths.NodesWithIds(["n1"]), StringComparison.Ordinal);
        Assert.StartsWith("services?", EngineListingPaths.ServicesWithIds(["s1"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\"b")]
    [InlineData("a&b")]
    public void A_value_that_is_not_an_engine_id_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => EngineListingPaths.ServicesWithIds([id]));
}
