namespace Dupstream.Tests.Targets.Consul;

/// <summary>A service instance as the Consul double stores it.</summary>
internal sealed record FakeConsulService(
    string Id,
    string Service,
    IReadOnlyList<string>? Tags,
    int Port,
    IReadOnlyDictionary<string, string> Meta,
    string Address = "")
{
    /// <summary>Every field in one stable line, for comparing catalog states.</summary>
    public string Render() =>
        $"{Id}={Service}:{Port}@{Address} tags[{(Tags is null ? "null" : string.Join(",", Tags))}] meta[{string.Join(",", Meta.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}]";
}
