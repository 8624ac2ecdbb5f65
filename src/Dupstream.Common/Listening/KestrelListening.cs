using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Dupstream.Common.Listening;

/// <summary>How both programs listen with Kestrel and say where they listen.</summary>
public static class KestrelListening
{
    /// <summary>Listens on one address (all of them when <paramref name="address"/> is null) and sends no Server header.</summary>
    /// <param name="port">0 asks for a free port (tests); <see cref="BoundAddresses"/> tells which.</param>
    public static void Listen(KestrelServerOptions kestrel, IPAddress? address, int port, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.AddServerHeader = false;
        configure ??= static _ => { };
        if (address is not null)
        {
            kestrel.Listen(address, port, configure);
        }
        else
        {
            kestrel.ListenAnyIP(port, configure);
        }
    }

    /// <summary>The addresses Kestrel actually bound (with the real port when port 0 was asked for).</summary>
    public static IReadOnlyList<string> BoundAddresses(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    /// <summary>A bound address as a URI a client on this host can use (a wildcard host becomes 127.0.0.1).</summary>
    public static Uri LocalUri(string bound)
    {
        ArgumentNullException.ThrowIfNull(bound);
        var uri = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return IPAddress.TryParse(uri.Host, out _) ? uri : new UriBuilder(uri) { Host = "127.0.0.1" }.Uri;
    }
}
