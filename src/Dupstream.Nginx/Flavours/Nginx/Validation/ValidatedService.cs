namespace Dupstream.Nginx.Flavours.Nginx.Validation;

/// <summary>
/// One upstream block to render: everything already checked, the port chosen and the servers
/// resolved (host part only; the renderer adds the port).
/// </summary>
internal sealed record ValidatedService(
    string Name,
    string FileKey,
    string Prefix,
    string Suffix,
    int PublishedPort,
    IReadOnlyList<string> ServerHosts);
