namespace Dupstream.Nginx.Core.Rendering;

/// <summary>A service or node left out of the render, and why.</summary>
internal sealed record Rejection(string Subject, string Reason);
