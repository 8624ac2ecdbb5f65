namespace Dupstream.Nginx.Core.Rendering;

/// <summary>
/// Everything one snapshot should produce, whatever the flavour: every configured upstream file, and a section of
/// the hosts file (nginx's <c>name</c> mode; null where the hosts file is left alone). The hosts section is kept as text
/// to splice into whatever the hosts file holds at apply time.
/// </summary>
internal sealed record RenderedConfig(IReadOnlyList<RenderedFile> Files, string? HostsSection);
