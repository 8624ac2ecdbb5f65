namespace Dupstream.Nginx.Core.Rendering;

/// <summary>The full contents one configured upstream file should have.</summary>
internal sealed record RenderedFile(string Key, string Path, string Content);
