using Dupstream.Nginx.Applying;
using Dupstream.Nginx.Core.Rendering;

namespace Dupstream.Nginx.Api;

/// <summary>
/// What a repeated body is answered with, and what it left out (still counted in the metrics, and the
/// services nginx -t refused still reported by /healthz).
/// </summary>
internal sealed record RememberedAnswer(ApplyResponse Response, RenderResult Validated, IReadOnlyList<HeldBackService> HeldBack);
