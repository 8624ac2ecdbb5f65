using Dupstream.Nginx.Core.Rendering;
namespace Dupstream.Nginx.Flavours.Nginx.Validation;

/// <summary>The part of a snapshot that may be rendered, in render order, and what was left out.</summary>
internal sealed record ValidatedSnapshot(
    IReadOnlyList<ValidatedService> Services,
    IReadOnlyList<ValidatedNode> Nodes,
    IReadOnlyList<Rejection> RejectedServices,
    IReadOnlyList<Rejection> RejectedNodes);
