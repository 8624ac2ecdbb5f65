namespace Dupstream.Nginx.Applying;

/// <summary>
/// One service's block that the render changes in one file: added (no old text), removed (no new text) or
/// changed. Held back, it keeps its old text (or stays absent): that is how one service is left out.
/// </summary>
internal sealed record BlockChange(string Path, string Name, string? OldText, string? NewText);
