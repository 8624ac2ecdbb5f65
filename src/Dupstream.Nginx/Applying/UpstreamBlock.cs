namespace Dupstream.Nginx.Applying;

/// <summary>One <c>upstream NAME { ... }</c> block of an upstream file, with its text and 1-based lines.</summary>
internal sealed record UpstreamBlock(string Name, string Text, int FirstLine, int LastLine);
