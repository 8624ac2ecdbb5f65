namespace Dupstream.Nginx.Flavours.Nginx.Validation;

/// <summary>A node whose name and address are safe to write into nginx and hosts files.</summary>
internal sealed record ValidatedNode(string Id, string Name, string Ip);
