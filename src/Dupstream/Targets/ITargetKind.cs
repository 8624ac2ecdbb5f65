using Dupstream.Configuration;

namespace Dupstream.Targets;

/// <summary>
/// One kind of target (a name usable in DUPSTREAM_SERVICE): it reads and checks its own environment variables and,
/// through the settings it returns, sets up its targets. Each kind is a folder next to this file; <see cref="TargetKinds"/> lists them.
/// </summary>
internal interface ITargetKind
{
    /// <summary>The name in DUPSTREAM_SERVICE, lower case.</summary>
    string Name { get; }

    /// <summary>The environment variables it reads, in the order --help lists them.</summary>
    IReadOnlyList<TargetVariable> Variables { get; }

    /// <summary>Reads this kind's variables once, every problem into <paramref name="problems"/> (one line naming the variable each).</summary>
    /// <param name="selected">Whether DUPSTREAM_SERVICE names this kind; a kind that is not selected may still warn about its variables.</param>
    /// <returns>The kind's settings when it is selected (and usable with these flags), otherwise null.</returns>
    ITargetSettings? Read(SettingsSource source, bool selected, CommandLineFlags flags, ConfigurationProblems problems);
}
