namespace Dupstream.Nginx.Core.Rendering;

/// <summary>What one snapshot renders to, and the services and nodes left out of it, each with the reason.</summary>
internal sealed record RenderResult(RenderedConfig Config, IReadOnlyList<Rejection> RejectedServices, IReadOnlyList<Rejection> RejectedNodes);
