using Dupstream.Contracts;

namespace Dupstream.Nginx.Core.Rendering;

/// <summary>
/// The flavour's first step: a snapshot in, the files it should produce and what was left out (with reasons) out.
/// The API, the queue and the applier see only this; which names, labels and directives are valid, and how a block
/// looks, is the flavour's (nginx: <c>Flavours/Nginx/Snapshots/NginxSnapshotRenderer</c>).
/// </summary>
internal interface ISnapshotRenderer
{
    RenderResult Render(SwarmSnapshot snapshot);
}
