using Dupstream.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Dupstream.Targets;

/// <summary>A selected target kind's settings, immutable and already checked, and how its targets join the pipeline.</summary>
internal interface ITargetSettings
{
    /// <summary>The kind's name (<see cref="ITargetKind.Name"/>).</summary>
    string Kind { get; }

    /// <summary>Registers the kind's targets as <see cref="Delivery.ITarget"/> singletons (and whatever they need); each gets its own delivery worker.</summary>
    void AddTargets(IServiceCollection services, TimingSettings timing);
}
