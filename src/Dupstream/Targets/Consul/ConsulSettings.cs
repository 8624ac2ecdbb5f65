using Dupstream.Configuration;
using Dupstream.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dupstream.Targets.Consul;

/// <summary>
/// Where the Consul HTTP API is and how to authenticate to it, read the way Consul's own tools read
/// CONSUL_HTTP_ADDR, CONSUL_HTTP_SSL, CONSUL_HTTP_TOKEN(_FILE) and CONSUL_CACERT.
/// </summary>
/// <param name="Address">Scheme, host, port and any path prefix (a reverse proxy in front of Consul); always ends with '/'.</param>
/// <param name="Token">The ACL token sent as X-Consul-Token, or null. Never logged: see <see cref="ToString"/>.</param>
/// <param name="TokenSource">Which variable the token came from, for the start line.</param>
/// <param name="CaCertificatesPem">PEM text of CONSUL_CACERT, read at start so a bad file stops the start, not a delivery.</param>
internal sealed record ConsulSettings(Uri Address, string? Token, string? TokenSource, string? CaCertificatesPem) : ITargetSettings
{
    public const string DefaultAddress = "127.0.0.1:8500";

    /// <summary>How the Consul sink appears in logs: the address and where the token came from, never the token.</summary>
    public string Display =>
        "consul " + TargetDisplay.Of(Address) + (TokenSource is null ? string.Empty : $" (token from {TokenSource})");

    public string Kind => ConsulTargetKind.KindName;

    /// <summary>One target: the catalog, reconciled by its own worker like any URL.</summary>
    public void AddTargets(IServiceCollection services, TimingSettings timing)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(timing);
        services.AddSingleton(provider => new ConsulCatalogClient(
            this, ConsulHttpClientFactory.Create(this, timing.RequestTimeout), timing.RequestTimeout, provider.GetRequiredService<TimeProvider>(), ownsClient: true));
        services.AddSingleton<ITarget>(provider => new ConsulTarget(provider.GetRequiredService<ConsulCatalogClient>(), provider.GetRequiredService<ILogger<ConsulTarget>>()));
    }

    // The compiler-generated record ToString would print the token.
    public override string ToString() => Display;
}
