namespace Dupstream.Tests.Targets.Consul;

/// <summary>One request the Consul double received, as it arrived.</summary>
internal sealed record FakeConsulRequest(string Method, string Path, string Query, string? Token, string Body, int Status)
{
    public bool IsWrite => Method == "PUT";
}
