using Dupstream.Configuration;
using Dupstream.Targets;

namespace Dupstream.Hosting;

/// <summary>Everything the watcher needs at start, one immutable record per concern, each read and checked once.</summary>
/// <param name="Targets">The selected target kinds' settings, in <see cref="TargetKinds.All"/>'s order.</param>
internal sealed record WatcherConfiguration(
    CommandLineFlags Flags,
    EngineEndpoint Engine,
    TimingSettings Timing,
    OperabilitySettings Operability,
    IReadOnlyList<ITargetSettings> Targets)
{
    /// <summary>The settings of the kind of type <typeparamref name="T"/>, or null when it is not selected.</summary>
    public T? Target<T>()
        where T : class, ITargetSettings =>
        Targets.OfType<T>().FirstOrDefault();
}
