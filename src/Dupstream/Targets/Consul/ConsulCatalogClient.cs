using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Dupstream.Common.Text;
using Dupstream.Configuration;

namespace Dupstream.Targets.Consul;

/// <summary>
/// The edge to Consul's catalog HTTP API (GET /v1/catalog/nodes, GET /v1/catalog/node-services/:node,
/// PUT /v1/catalog/register, PUT /v1/catalog/deregister), the ACL token in X-Consul-Token, each request bounded
/// by the request timeout. Any non-2xx answer throws <see cref="ConsulApiException"/>.
/// </summary>
internal sealed class ConsulCatalogClient(ConsulSettings settings, HttpClient client, TimeSpan timeout, TimeProvider time, bool ownsClient = false) : IDisposable
{
    public const string TokenHeader = "X-Consul-Token";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public ConsulSettings Settings => settings;

    public TimeSpan Timeout => timeout;

    /// <summary>
    /// Dupstream's nodes with every service on them, and which of <paramref name="wantedNodeNames"/> exist without
    /// the marker (so they are not taken over).
    /// </summary>
    public async Task<ObservedCatalog> ObserveAsync(IEnumerable<string> wantedNodeNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wantedNodeNames);
        var nodes = await SendAsync(
            HttpMethod.Get,
            "v1/catalog/nodes?node-meta=" + Uri.EscapeDataString(ConsulMarkers.ManagedNodeFilter),
            null,
            ConsulJsonContext.Default.ListConsulNodeEntry,
            cancellationToken).ConfigureAwait(false) ?? [];

        var managed = new List<ObservedNode>();
        var managedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in nodes.Where(entry => ConsulMarkers.IsManaged(entry.Meta)))
        {
            var services = await NodeServicesAsync(entry.Node, cancellationToken).ConfigureAwait(false);
            if (services?.Node is null)
            {
                // Removed between the two requests: nothing left to reconcile there.
                continue;
            }

            managedNames.Add(entry.Node);
            managed.Add(new ObservedNode(ToNode(services.Node), (services.Services ?? []).Select(service => ToInstance(entry.Node, service)).ToList()));
        }

        var foreign = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in wantedNodeNames.Where(name => !managedNames.Contains(name)).Distinct(StringComparer.Ordinal))
        {
            var existing = await NodeServicesAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing?.Node is not null)
            {
                foreign.Add(name);
            }
        }

        return new ObservedCatalog(managed, foreign);
    }

    public async Task ApplyAsync(CatalogWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        switch (write)
        {
            case RegisterNode node:
                await RegisterAsync(new ConsulRegistration
                {
                    Node = node.Node.Name,
                    Address = node.Node.Address,
                    NodeMeta = node.Node.Meta.ToDictionary(StringComparer.Ordinal),
                }, cancellationToken).ConfigureAwait(false);
                break;
            case RegisterInstance instance:
                await RegisterAsync(new ConsulRegistration
                {
                    Node = instance.Node.Name,
                    Address = instance.Node.Address,
                    NodeMeta = instance.Node.Meta.ToDictionary(StringComparer.Ordinal),
                    SkipNodeUpdate = true,
                    Service = new ConsulServiceEntry
                    {
                        Id = instance.Instance.Id,
                        Service = instance.Instance.Service,
                        Tags = [.. instance.Instance.Tags],
                        Meta = instance.Instance.Meta.ToDictionary(StringComparer.Ordinal),
                        Port = instance.Instance.Port,
                    },
                }, cancellationToken).ConfigureAwait(false);
                break;
            case DeregisterInstance instance:
                await DeregisterAsync(new ConsulDeregistration { Node = instance.Node, ServiceId = instance.ServiceId }, cancellationToken).ConfigureAwait(false);
                break;
            case DeregisterNode node:
                await DeregisterAsync(new ConsulDeregistration { Node = node.Node }, cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentException($"Unknown catalog write {write.GetType().Name}.", nameof(write));
        }
    }

    public void Dispose()
    {
        if (ownsClient)
        {
            client.Dispose();
        }
    }

    private Task<ConsulNodeServices?> NodeServicesAsync(string node, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "v1/catalog/node-services/" + Uri.EscapeDataString(node), null, ConsulJsonContext.Default.ConsulNodeServices, cancellationToken);

    private async Task RegisterAsync(ConsulRegistration registration, CancellationToken cancellationToken) =>
        await SendAsync<object>(HttpMethod.Put, "v1/catalog/register", JsonSerializer.SerializeToUtf8Bytes(registration, ConsulJsonContext.Default.ConsulRegistration), null, cancellationToken).ConfigureAwait(false);

    private async Task DeregisterAsync(ConsulDeregistration deregistration, CancellationToken cancellationToken) =>
        await SendAsync<object>(HttpMethod.Put, "v1/catalog/deregister", JsonSerializer.SerializeToUtf8Bytes(deregistration, ConsulJsonContext.Default.ConsulDeregistration), null, cancellationToken).ConfigureAwait(false);

    private async Task<T?> SendAsync<T>(HttpMethod method, string relative, byte[]? body, JsonTypeInfo<T>? answer, CancellationToken cancellationToken)
        where T : class
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        using var request = new HttpRequestMessage(method, new Uri(settings.Address, relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }

        if (settings.Token is { } token)
        {
            request.Headers.TryAddWithoutValidation(TokenHeader, token);
        }

        var what = $"{method} /{relative.Split('?')[0]}";
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(linked.Token).ConfigureAwait(false);
            throw new ConsulApiException((int)response.StatusCode, what, Printable(text));
        }

        if (answer is null)
        {
            return null;
        }

        var stream = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonSerializer.DeserializeAsync(stream, answer, linked.Token).ConfigureAwait(false);
            }
            catch (JsonException exception)
            {
                throw new ConsulApiException($"{what} answered with JSON that is not what Consul sends: {exception.Message}", exception);
            }
        }
    }

    private static CatalogNode ToNode(ConsulNodeEntry entry) =>
        new(entry.Node, entry.Address, (IReadOnlyDictionary<string, string>?)entry.Meta ?? new Dictionary<string, string>());

    private static CatalogInstance ToInstance(string node, ConsulServiceEntry entry) =>
        new(
            node,
            entry.Id,
            entry.Service,
            entry.Port,
            (IReadOnlyList<string>?)entry.Tags ?? [],
            (IReadOnlyDictionary<string, string>?)entry.Meta ?? new Dictionary<string, string>(),
            entry.Address ?? string.Empty);

    /// <summary>Consul's error bodies are short text; keep them one bounded line in the log.</summary>
    private static string Printable(string text) => text.Trim() is { Length: > 0 } trimmed ? LogText.Printable(trimmed) : "(no body)";
}
