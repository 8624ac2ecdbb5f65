namespace Dupstream.Hosting;

/// <summary>Warnings found while reading the configuration, logged once at start.</summary>
internal sealed record StartupWarnings(IReadOnlyList<string> Messages);
