namespace Dupstream.Nginx.Api;

/// <summary>The original's body shape for every answer: <c>{"message": "..."}</c>.</summary>
internal sealed record MessageResponse(string Message);
