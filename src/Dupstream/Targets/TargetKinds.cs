using Dupstream.Targets.Consul;
using Dupstream.Targets.Http;

namespace Dupstream.Targets;

/// <summary>
/// The one list of target kinds. Adding a kind is a folder beside Http/ and Consul/ (its settings, their reading,
/// its target) and one line here.
/// </summary>
internal static class TargetKinds
{
    /// <summary>Every kind DUPSTREAM_SERVICE may name, in the order their targets are set up (and listed in the start line).</summary>
    public static IReadOnlyList<ITargetKind> All { get; } =
    [
        new HttpTargetKind(),
        new ConsulTargetKind(),
    ];

    /// <summary>What an empty DUPSTREAM_SERVICE means: the original watcher's only kind.</summary>
    public static ITargetKind Default => All[0];
}
