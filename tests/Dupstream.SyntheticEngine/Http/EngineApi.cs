using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Dupstream.SyntheticEngine.Cluster;
using Microsoft.AspNetCore.Http;

namespace Dupstream.SyntheticEngine.Http;

/// <summary>
/// The Docker Engine API endpoints a swarm watcher uses, answering as Docker 20.10 (API 1.41) does, with or
/// without the /v1.41 prefix, plus /_synthetic/ endpoints to change the cluster and read the traffic counters.
/// </summary>
internal sealed partial class EngineApi(ClusterState cluster, TrafficCounters traffic, TimeProvider time)
{
    public const string ApiVersion = "1.41";
    public const string EngineVersion = "20.10.24+dfsg1";

    private const int FlushEvery = 64 * 1024;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        response.Headers["Api-Version"] = ApiVersion;
        response.Headers["Docker-Experimental"] = "false";
        response.Headers["Ostype"] = "linux";
        response.Headers["Server"] = $"Docker/{EngineVersion} (linux)";
        var path = VersionPrefix().Replace(request.Path.Value ?? "/", string.Empty);
        var get = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        var post = HttpMethods.IsPost(request.Method);
        try
        {
            switch (path)
            {
                case "/_ping" when get:
                    response.ContentType = "text/plain; charset=utf-8";
                    response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
                    response.Headers.Pragma = "no-cache";
                    await response.WriteAsync("OK", context.RequestAborted).ConfigureAwait(false);
                    break;
                case "/version" when get:
                    await WriteJsonAsync(response, VersionJson(), context.RequestAborted).ConfigureAwait(false);
                    break;
                case "/nodes" when get:
                    var nodeFilter = ObjectFilterOf(request.Query["filters"]);
                    await WriteListingAsync(context, "/nodes", cluster.ListNodes(nodeFilter), nodeFilter != ObjectFilter.None).ConfigureAwait(false);
                    break;
                case "/services" when get:
                    var serviceFilter = ObjectFilterOf(request.Query["filters"]);
                    await WriteListingAsync(context, "/services", cluster.ListServices(serviceFilter), serviceFilter != ObjectFilter.None).ConfigureAwait(false);
                    break;
                case "/tasks" when get:
                    var taskFilter = TaskFilterOf(request.Query["filters"]);
                    await WriteListingAsync(context, "/tasks", cluster.ListTasks(taskFilter), taskFilter.Services is not null || taskFilter.Nodes is not null || taskFilter.Ids is not null).ConfigureAwait(false);
                    break;
                case "/events" when get:
                    await StreamEventsAsync(context).ConfigureAwait(false);
                    break;
                case "/_synthetic/scale" when post:
                    cluster.Scale(Required(request, "service"), int.Parse(Required(request, "replicas"), NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "/_synthetic/drain" when post:
                    cluster.Drain(Required(request, "node"));
                    break;
                case "/_synthetic/activate" when post:
                    cluster.Activate(Required(request, "node"));
                    break;
                case "/_synthetic/create" when post:
                    cluster.Create(Required(request, "service"), int.Parse(Required(request, "replicas"), NumberStyles.None, CultureInfo.InvariantCulture));
                    break;
                case "/_synthetic/update" when post:
                    cluster.ForceUpdate(Required(request, "service"));
                    break;
                case "/_synthetic/remove" when post:
                    cluster.Remove(Required(request, "service"));
                    break;
                case "/_synthetic/traffic" when get:
                    await WriteJsonAsync(response, TrafficJson(), context.RequestAborted).ConfigureAwait(false);
                    break;
                case "/_synthetic/traffic" when HttpMethods.IsDelete(request.Method):
                    traffic.Reset();
                    break;
                default:
                    await ErrorAsync(response, StatusCodes.Status404NotFound, "page not found").ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentException or KeyNotFoundException && !response.HasStarted)
        {
            var status = exception is KeyNotFoundException ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest;
            await ErrorAsync(response, status, exception.Message).ConfigureAwait(false);
        }
    }

    private static TaskFilter TaskFilterOf(string? text)
    {
        var filters = EngineFilters.Parse(text);
        var unknown = filters.Keys.FirstOrDefault(key => key is not ("desired-state" or "service" or "node" or "id"));
        if (unknown is not null)
        {
            throw new ArgumentException($"Invalid filter '{unknown}'");
        }

        return new TaskFilter(
            filters.GetValueOrDefault("desired-state"),
            filters.GetValueOrDefault("service"),
            filters.GetValueOrDefault("node"),
            filters.GetValueOrDefault("id"));
    }

    private static ObjectFilter ObjectFilterOf(string? text)
    {
        var filters = EngineFilters.Parse(text);
        if (filters.Keys.FirstOrDefault(key => key is not ("id" or "name")) is { } unknown)
        {
            throw new ArgumentException($"Invalid filter '{unknown}' (the synthetic engine filters nodes and services by id and name)");
        }

        return filters.Count == 0 ? ObjectFilter.None : new ObjectFilter(filters.GetValueOrDefault("id"), filters.GetValueOrDefault("name"));
    }

    private static string Required(HttpRequest request, string name) =>
        request.Query[name].FirstOrDefault() is { Length: > 0 } value ? value : throw new ArgumentException($"'{name}' is required");

    private async Task WriteListingAsync(HttpContext context, string endpoint, ClusterListing listing, bool filteredByObject)
    {
        var started = Stopwatch.GetTimestamp();
        var response = context.Response;
        response.ContentType = "application/json";
        var body = response.BodyWriter;
        long written = 0;
        long unflushed = 0;
        void Write(ReadOnlySpan<byte> bytes)
        {
            body.Write(bytes);
            written += bytes.Length;
            unflushed += bytes.Length;
        }

        Write("["u8);
        for (var i = 0; i < listing.Objects.Count; i++)
        {
            if (i > 0)
            {
                Write(","u8);
            }

            Write(listing.Objects[i]);
            if (unflushed >= FlushEvery)
            {
                unflushed = 0;
                await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
        }

        // The engine's JSON encoder ends every document with a newline.
        Write("]\n"u8);
        await body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        traffic.Add(endpoint, written, Stopwatch.GetElapsedTime(started), started, filteredByObject);
    }

    private async Task StreamEventsAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var nowNano = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var since = EventTime.ParseNano(query["since"]);
        var until = EventTime.ParseNano(query["until"]);
        var filters = EngineFilters.Parse(query["filters"]);
        var unknown = filters.Keys.FirstOrDefault(key => key != "type");
        if (unknown is not null)
        {
            throw new ArgumentException($"Invalid filter '{unknown}' (the synthetic engine filters events by type only)");
        }

        var types = filters.GetValueOrDefault("type");
        bool Wanted(EngineEventRecord record) =>
            (types is null || types.Contains(record.Type)) && (until is null || record.TimeNano <= until);

        var live = Channel.CreateUnbounded<EngineEventRecord>(new UnboundedChannelOptions { SingleReader = true });
        using var subscription = cluster.Subscribe(since ?? nowNano, record => live.Writer.TryWrite(record), out var replay);
        var response = context.Response;
        response.ContentType = "application/json";
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        foreach (var record in replay.Where(Wanted))
        {
            await response.Body.WriteAsync(record.Line, context.RequestAborted).ConfigureAwait(false);
        }

        await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        if (until is { } end && end <= nowNano)
        {
            return;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (until is { } later)
        {
            stop.CancelAfter(TimeSpan.FromTicks((later - nowNano) / 100));
        }

        try
        {
            await foreach (var record in live.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                if (Wanted(record))
                {
                    await response.Body.WriteAsync(record.Line, stop.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, or until was reached: the engine ends the stream the same way.
        }
    }

    private static async Task WriteJsonAsync(HttpResponse response, byte[] json, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        await response.Body.WriteAsync(json, cancellationToken).ConfigureAwait(false);
    }

    private static Task ErrorAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var json = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["message"] = message });
        return response.Body.WriteAsync(json.Concat("\n"u8.ToArray()).ToArray()).AsTask();
    }

    private byte[] TrafficJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (endpoint, counter) in traffic.Read().OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(endpoint);
                writer.WriteNumber("requests", counter.Requests);
                writer.WriteNumber("bytes", counter.Bytes);
                writer.WriteStartArray("milliseconds");
                foreach (var ms in counter.Milliseconds)
                {
                    writer.WriteNumberValue(ms);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>GET /version of Docker 20.10.24 on Debian 12 (values of the recorded engine, shape of the API 1.41 docs).</summary>
    private static byte[] VersionJson() => Encoding.UTF8.GetBytes(
        "{\"Platform\":{\"Name\":\"\"},\"Components\":[{\"Name\":\"Engine\",\"Version\":\"" + EngineVersion + "\",\"Details\":{\"ApiVersion\":\"1.41\","
        + "\"Arch\":\"amd64\",\"BuildTime\":\"2025-04-07T19:48:37.000000000+00:00\",\"Experimental\":\"false\",\"GitCommit\":\"5d6db84\",\"GoVersion\":\"go1.19.8\","
        + "\"KernelVersion\":\"6.1.0-37-amd64\",\"MinAPIVersion\":\"1.12\",\"Os\":\"linux\"}}],\"Version\":\"" + EngineVersion + "\",\"ApiVersion\":\"1.41\","
        + "\"MinAPIVersion\":\"1.12\",\"GitCommit\":\"5d6db84\",\"GoVersion\":\"go1.19.8\",\"Os\":\"linux\",\"Arch\":\"amd64\",\"KernelVersion\":\"6.1.0-37-amd64\","
        + "\"BuildTime\":\"2025-04-07T19:48:37.000000000+00:00\"}\n");

    [GeneratedRegex(@"^/v\d+\.\d+(?=/)")]
    private static partial Regex VersionPrefix();
}
