namespace Dupstream.Tests.Targets.Consul;

/// <summary>A node inside the Consul double's state (mutable, guarded by the double's lock).</summary>
internal sealed class FakeConsulStoredNode(string address, Dictionary<string, string> meta, long created)
{
    public string Address { get; set; } = address;

    public Dictionary<string, string> Meta { get; set; } = meta;

    public Dictionary<string, FakeConsulService> Services { get; } = new(StringComparer.Ordinal);

    public long Created { get; } = created;

    public long Modified { get; set; } = created;
}
