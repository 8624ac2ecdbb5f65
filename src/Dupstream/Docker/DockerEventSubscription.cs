using System.Threading.Channels;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dupstream.Docker;

/// <summary>
/// Runs the library's /events monitor (IProgress overload, which reports each message synchronously and in order)
/// and hands the events over through a channel; the channel ends, with the failure if any, when the stream does.
/// </summary>
internal sealed class DockerEventSubscription : IEngineEventStream, IProgress<Message>
{
    private readonly Channel<EngineEvent> events = Channel.CreateUnbounded<EngineEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop;
    private readonly Task monitor;

    public DockerEventSubscription(ISystemOperations system, ContainerEventsParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        monitor = RunAsync(system, parameters, stop.Token);
    }

    public void Report(Message value)
    {
        if (value is not null)
        {
            events.Writer.TryWrite(EngineModelMapper.ToEvent(value));
        }
    }

    public async ValueTask<EngineEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        if (await events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && events.Reader.TryRead(out var engineEvent))
        {
            return engineEvent;
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await monitor.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Its outcome was already reported through the channel; disposing only makes sure it has stopped.
        }

        stop.Dispose();
    }

    private async Task RunAsync(ISystemOperations system, ContainerEventsParameters parameters, CancellationToken cancellationToken)
    {
        try
        {
            await system.MonitorEventsAsync(parameters, this, cancellationToken).ConfigureAwait(false);
            events.Writer.TryComplete();
        }
        catch (Exception exception)
        {
            events.Writer.TryComplete(exception);
        }
    }
}
