using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dupstream.Tests.Support;

/// <summary>Keeps every log entry so a test can wait for one or check that a secret never appears.</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(EventId Id, LogLevel Level, string Message)> entries = new();

    public IReadOnlyList<(EventId Id, LogLevel Level, string Message)> Entries => [.. entries];

    public int Count(int eventId) => entries.Count(entry => entry.Id.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        entries.Enqueue((eventId, logLevel, formatter(state, exception)));
}
