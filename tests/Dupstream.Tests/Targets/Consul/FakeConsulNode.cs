namespace Dupstream.Tests.Targets.Consul;

/// <summary>A catalog node as the Consul double stores it (a copy when handed to a test).</summary>
internal sealed record FakeConsulNode(string Name, string Address, IReadOnlyDictionary<string, string> Meta, IReadOnlyDictionary<string, FakeConsulService> Services)
{
    public bool IsDupstreams => Meta.TryGetValue("dupstream-managed", out var value) && value == "true";

    /// <summary>Every field of the node and its services in one stable line, for comparing catalog states.</summary>
    public string Render() =>
        $"{Name}@{Address} meta[{string.Join(",", Meta.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}] "
        + string.Join(" ", Services.Values.OrderBy(s => s.Id, StringComparer.Ordinal).Select(s => s.Render()));
}
