using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;
using Dupstream.Docker;
using Dupstream.Tests.Support;

namespace Dupstream.Tests.Docker;

/// <summary>
/// The watcher's own streaming readers must give exactly the records the library's full models (through
/// <see cref="EngineModelMapper"/>) give, on every recorded engine answer, however the bytes arrive.
/// </summary>
public class LeanReaderParityTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Docker", "Recordings");

    public static TheoryData<string> Scenarios() => new(Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal));

    private static Task<List<T>> Lean<T>(string path, JsonElementReader<T> reader, int? trickle = null)
    {
        var bytes = File.ReadAllBytes(path);
        Stream stream = trickle is { } chunk ? new TrickleStream(bytes, chunk) : new MemoryStream(bytes);
        return JsonArrayStream.ReadAsync(stream, reader, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Nodes_read_lean_equal_the_library_models(string scenario)
    {
        var path = Path.Combine(Root, scenario, "nodes.json");
        var expected = LibraryJson.Deserialize<NodeListResponse[]>(path).Select(EngineModelMapper.ToNode).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, await Lean<EngineNode>(path, NodeJsonReader.TryRead));
        Assert.Equal(expected, await Lean<EngineNode>(path, NodeJsonReader.TryRead, trickle: 7));
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Services_read_lean_equal_the_library_models(string scenario)
    {
        var path = Path.Combine(Root, scenario, "services.json");
        var expected = LibraryJson.Deserialize<SwarmService[]>(path).Select(EngineModelMapper.ToService).ToList();

        var lean = await Lean<EngineService>(path, ServiceJsonReader.TryRead, trickle: 5);

        Assert.Equal(expected.Count, lean.Count);
        foreach (var (want, got) in expected.Zip(lean))
        {
            // Records compare their collections by reference; compare the contents.
            Assert.Equal((want.Id, want.Name), (got.Id, got.Name));
            Assert.Equal(want.Labels.OrderBy(l => l.Key, StringComparer.Ordinal), got.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
            Assert.Equal(want.Ports, got.Ports);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Tasks_read_lean_equal_the_library_models_filtered_and_unfiltered(string scenario)
    {
        foreach (var file in (string[])["tasks.json", "tasks-desired-running.json"])
        {
            var path = Path.Combine(Root, scenario, file);
            var expected = LibraryJson.Deserialize<TaskResponse[]>(path).Select(EngineModelMapper.ToTask).ToList();

            Assert.NotEmpty(expected);
            Assert.Equal(expected, await Lean<EngineTask>(path, TaskJsonReader.Unpooled));
            Assert.Equal(expected, await Lean<EngineTask>(path, TaskJsonReader.Unpooled, trickle: 3));
        }
    }

    [Fact]
    public async Task An_element_larger_than_the_read_window_is_read_whole()
    {
        var label = new string('x', 200_000);
        var json = $$$"""[{"ID":"s1","Spec":{"Name":"big","Labels":{"note":"{{{label}}}"}},"Endpoint":{"Ports":[{"Protocol":"tcp","TargetPort":80,"PublishedPort":8080,"PublishMode":"ingress"}]}},{"ID":"s2","Spec":{"Name":"small"}}]""";

        var services = await JsonArrayStream.ReadAsync<EngineService>(new MemoryStream(Encoding.UTF8.GetBytes(json)), ServiceJsonReader.TryRead, CancellationToken.None);

        Assert.Equal(["big", "small"], services.Select(s => s.Name));
        Assert.Equal(label, services[0].Labels["note"]);
        Assert.Equal([new EnginePort(8080, 80, "tcp", "ingress")], services[0].Ports);
        Assert.Empty(services[1].Ports);
    }

    [Fact]
    public async Task Null_and_missing_parts_read_as_empty_values_like_the_mapper()
    {
        var json = """[{"ID":"t1","NodeID":null,"Status":null},{}]"""u8.ToArray();

        var tasks = await JsonArrayStream.ReadAsync<EngineTask>(new MemoryStream(json), TaskJsonReader.Unpooled, CancellationToken.None);

        Assert.Equal([new EngineTask("t1", "", "", "", ""), new EngineTask("", "", "", "", "")], tasks);
        Assert.Equal(EngineModelMapper.ToTask(new TaskResponse()), tasks[1]);
        Assert.Equal(EngineModelMapper.ToNode(new NodeListResponse()), (await JsonArrayStream.ReadAsync<EngineNode>(new MemoryStream("[{}]"u8.ToArray()), NodeJsonReader.TryRead, CancellationToken.None))[0]);
    }

    [Theory]
    [InlineData("""[{"ID":"t1"},{"ID":""", typeof(JsonException))]
    [InlineData("""{"message":"not a list"}""", typeof(JsonException))]
    [InlineData("""[{"ID":"t1"},3]""", typeof(JsonException))]
    [InlineData("""[{"ID":5}]""", typeof(JsonException))]
    [InlineData("null", typeof(InvalidDataException))]
    [InlineData("", typeof(JsonException))]
    public async Task A_broken_answer_is_an_error_not_a_shorter_list(string json, Type error)
    {
        var exception = await Record.ExceptionAsync(() => JsonArrayStream.ReadAsync<EngineTask>(new MemoryStream(Encoding.UTF8.GetBytes(json)), TaskJsonReader.Unpooled, CancellationToken.None));

        Assert.IsAssignableFrom(error, exception);
    }
}
