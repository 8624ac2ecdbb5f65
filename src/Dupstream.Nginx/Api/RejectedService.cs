namespace Dupstream.Nginx.Api;

internal sealed record RejectedService(string Name, string Reason);
