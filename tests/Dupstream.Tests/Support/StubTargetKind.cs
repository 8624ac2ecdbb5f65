using Dupstream.Configuration;
using Dupstream.Targets;

namespace Dupstream.Tests.Support;

/// <summary>A target kind that only has a name and variables: what a kind added to <see cref="TargetKinds.All"/> brings to the seam.</summary>
internal sealed class StubTargetKind(string name, params TargetVariable[] variables) : ITargetKind
{
    public string Name => name;

    public IReadOnlyList<TargetVariable> Variables => variables;

    public ITargetSettings? Read(SettingsSource source, bool selected, CommandLineFlags flags, ConfigurationProblems problems) => null;
}
