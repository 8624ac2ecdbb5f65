namespace Dupstream.Docker;

/// <summary>An open /events subscription.</summary>
internal interface IEngineEventStream : IAsyncDisposable
{
    /// <summary>The next event, or null when the engine closed the stream.</summary>
    ValueTask<EngineEvent?> ReadAsync(CancellationToken cancellationToken);
}
