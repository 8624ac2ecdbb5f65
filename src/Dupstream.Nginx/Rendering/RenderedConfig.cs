using Dupstream.Nginx.Validation;

namespace Dupstream.Nginx.Rendering;

/// <summary>
/// Everything one snapshot should produce: every configured upstream file, and the hosts section
/// (null in <c>ip</c> mode, where the hosts file is left alone). The hosts section is kept as text
/// to splice into whatever the hosts file holds at apply time.
/// </summary>
internal sealed record RenderedConfig(IReadOnlyList<RenderedFile> Files, string? HostsSection, ValidatedSnapshot Source);
