using System.Text.Json.Nodes;

namespace Dupstream.SyntheticEngine.Json;

/// <summary>
/// The recorded real-engine objects every generated object is cloned from (see
/// tests/Dupstream.Tests/Docker/Recordings/README.md): the leader and the worker node, the <c>api</c>, <c>edge</c>
/// and <c>worker</c> services with one running task each, and one event line.
/// </summary>
public sealed class RecordedTemplates
{
    private const string Scenario = "recordings/two-node-mixed/";

    private RecordedTemplates()
    {
        var nodes = LoadArray(Scenario + "nodes.json");
        var services = LoadArray(Scenario + "services.json");
        var tasks = LoadArray(Scenario + "tasks.json");
        LeaderNode = Single(nodes, node => node["ManagerStatus"] is not null);
        WorkerNode = Single(nodes, node => node["ManagerStatus"] is null);
        HostPortService = ServiceNamed(services, "api");
        IngressService = ServiceNamed(services, "edge");
        NoPortsService = ServiceNamed(services, "worker");
        HostPortTask = TaskOf(tasks, HostPortService);
        IngressTask = TaskOf(tasks, IngressService);
        NoPortsTask = TaskOf(tasks, NoPortsService);
        var firstEvent = Load("recordings/events.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        Event = JsonNode.Parse(firstEvent)!.AsObject();
    }

    public static RecordedTemplates Instance { get; } = new();

    public JsonObject LeaderNode { get; }

    public JsonObject WorkerNode { get; }

    public JsonObject HostPortService { get; }

    public JsonObject IngressService { get; }

    public JsonObject NoPortsService { get; }

    public JsonObject HostPortTask { get; }

    public JsonObject IngressTask { get; }

    public JsonObject NoPortsTask { get; }

    public JsonObject Event { get; }

    /// <summary>A recorded listing (e.g. "two-node-mixed/tasks.json"), for tests comparing shapes.</summary>
    public static JsonArray Recording(string relativePath) => LoadArray("recordings/" + relativePath);

    private static JsonObject ServiceNamed(JsonArray services, string name) =>
        Single(services, service => (string?)service["Spec"]?["Name"] == name);

    private static JsonObject TaskOf(JsonArray tasks, JsonObject service) =>
        tasks.OfType<JsonObject>().First(task =>
            (string?)task["ServiceID"] == (string?)service["ID"] && (string?)task["Status"]?["State"] == "running");

    private static JsonObject Single(JsonArray array, Func<JsonObject, bool> match) =>
        array.OfType<JsonObject>().Single(match);

    private static JsonArray LoadArray(string name) =>
        JsonNode.Parse(Load(name))?.AsArray() ?? throw new InvalidDataException($"{name} is not a JSON array.");

    private static string Load(string name)
    {
        using var stream = typeof(RecordedTemplates).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The recording {name} is not embedded in the synthetic engine.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
