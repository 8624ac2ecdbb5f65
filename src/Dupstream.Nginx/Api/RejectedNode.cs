namespace Dupstream.Nginx.Api;

internal sealed record RejectedNode(string Id, string Reason);
