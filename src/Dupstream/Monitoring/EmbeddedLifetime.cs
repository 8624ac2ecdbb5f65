using Microsoft.Extensions.Hosting;

namespace Dupstream.Monitoring;

/// <summary>
/// The HTTP listener's own web host lives inside the watcher's host, which already handles SIGTERM and Ctrl-C;
/// this lifetime keeps the inner host from registering a second set of signal handlers.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
