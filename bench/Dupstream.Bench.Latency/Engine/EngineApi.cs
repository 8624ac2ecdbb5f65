using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Dupstream.Bench.Latency.Engine;

/// <summary>
/// The few engine calls the benchmark makes itself, straight on the engine's socket (never through
/// the counting proxy, so they do not count as the watcher's requests).
/// </summary>
internal sealed class EngineApi(string socketPath) : IDisposable
{
    /// <summary>Label on every service the benchmark creates, so leftovers of an aborted run can be found.</summary>
    public const string BenchLabel = "dupstream.bench";

    private readonly HttpClient http = UnixSocketHttp.Create(socketPath, TimeSpan.FromSeconds(30));

    /// <summary>
    /// The API form of <c>docker service create --detach --network host --publish
    /// mode=host,published=P,target=P --no-resolve-image IMAGE /bin/httpd -f -p P -h /www</c>.
    /// </summary>
    public async Task<string> CreateWebServiceAsync(string name, int port, string image, CancellationToken cancellationToken)
    {
        var portText = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var spec = new JsonObject
        {
            ["Name"] = name,
            ["Labels"] = new JsonObject { [BenchLabel] = "latency" },
            ["TaskTemplate"] = new JsonObject
            {
                ["ContainerSpec"] = new JsonObject
                {
                    ["Image"] = image,
                    ["Command"] = new JsonArray("/bin/httpd", "-f", "-p", portText, "-h", "/www"),
                },
                ["Networks"] = new JsonArray(new JsonObject { ["Target"] = "host" }),
            },
            ["Mode"] = new JsonObject { ["Replicated"] = new JsonObject { ["Replicas"] = 1 } },
            ["EndpointSpec"] = new JsonObject
            {
                ["Ports"] = new JsonArray(new JsonObject
                {
                    ["Protocol"] = "tcp",
                    ["TargetPort"] = port,
                    ["PublishedPort"] = port,
                    ["PublishMode"] = "host",
                }),
            },
        };
        using var content = new StringContent(spec.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        using var response = await http.PostAsync(new Uri("services/create", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        var body = await ReadOrThrowAsync(response, $"creating service {name}", cancellationToken).ConfigureAwait(false);
        return body.RootElement.GetProperty("ID").GetString()
            ?? throw new InvalidOperationException($"The engine created service {name} but returned no ID.");
    }

    /// <summary>The API form of <c>docker service rm</c>; returns when the engine has answered.</summary>
    public async Task RemoveServiceAsync(string idOrName, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(new Uri($"services/{Uri.EscapeDataString(idOrName)}", UriKind.Relative), cancellationToken)
            .ConfigureAwait(false);
        (await ReadOrThrowAsync(response, $"removing service {idOrName}", cancellationToken).ConfigureAwait(false)).Dispose();
    }

    /// <summary>Whether any task of the service reports Status.State running (what <c>docker service ps</c> shows).</summary>
    public async Task<bool> HasRunningTaskAsync(string serviceName, CancellationToken cancellationToken)
    {
        using var tasks = await GetAsync(Filtered("tasks", "service", serviceName), cancellationToken).ConfigureAwait(false);
        foreach (var task in tasks.RootElement.EnumerateArray())
        {
            if (task.TryGetProperty("Status", out var status)
                && status.TryGetProperty("State", out var state)
                && state.ValueEquals("running"))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// How many tasks of the given services still exist, in any state. Lists all tasks: a removed
    /// service's name no longer resolves in a filter, while its tasks linger until their containers stop.
    /// </summary>
    public async Task<int> CountTasksOfAsync(IReadOnlySet<string> serviceIds, CancellationToken cancellationToken)
    {
        using var tasks = await GetAsync(new Uri("tasks", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        return tasks.RootElement.EnumerateArray()
            .Count(t => t.TryGetProperty("ServiceID", out var id) && serviceIds.Contains(id.GetString() ?? ""));
    }

    /// <summary>IDs of services carrying <see cref="BenchLabel"/>: what an aborted run left behind.</summary>
    public async Task<IReadOnlyList<string>> ListBenchServicesAsync(CancellationToken cancellationToken)
    {
        using var services = await GetAsync(Filtered("services", "label", BenchLabel), cancellationToken).ConfigureAwait(false);
        return [.. services.RootElement.EnumerateArray().Select(s => s.GetProperty("ID").GetString() ?? "")
            .Where(id => id.Length > 0)];
    }

    public void Dispose() => http.Dispose();

    private static Uri Filtered(string path, string filter, string value)
    {
        var filters = new JsonObject { [filter] = new JsonArray(value) }.ToJsonString();
        return new Uri($"{path}?filters={Uri.EscapeDataString(filters)}", UriKind.Relative);
    }

    private async Task<JsonDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        return await ReadOrThrowAsync(response, $"GET {uri}", cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JsonDocument> ReadOrThrowAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"The engine refused {what}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes).Trim()}");
        }
        return bytes.Length == 0 ? JsonDocument.Parse("null") : JsonDocument.Parse(bytes);
    }
}
