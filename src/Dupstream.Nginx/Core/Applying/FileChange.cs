namespace Dupstream.Nginx.Core.Applying;

/// <summary>One file the render changes: its text on disk (null when missing) and the text wanted.</summary>
internal sealed record FileChange(string Path, string? Old, string Wanted);
