using Dupstream.Configuration;
using Dupstream.Targets;

namespace Dupstream.Hosting;

/// <summary>
/// Turns environment variables and flags into a <see cref="WatcherConfiguration"/>: each concern's reader, then each
/// target kind's, all problems collected. Pure: it reads only the dictionary it is given (and the files through
/// <paramref name="fileExists"/> and <paramref name="readText"/>), so every rule is unit-tested.
/// </summary>
internal static class WatcherConfigurationReader
{
    public static ConfigurationResult Read(
        IReadOnlyDictionary<string, string?> environment,
        CommandLineFlags flags,
        Func<string, bool>? fileExists = null,
        Func<string, string>? readText = null)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var source = SettingsSource.Of(environment, fileExists, readText);
        var problems = new ConfigurationProblems();

        var selection = ServiceSelection.Read(source, TargetKinds.All, problems.Errors);
        var targets = new List<ITargetSettings>();
        foreach (var kind in TargetKinds.All)
        {
            // A wrong DUPSTREAM_SERVICE still gets the default kind's variables checked, so all mistakes show at once.
            var selected = selection?.Contains(kind.Name) ?? ReferenceEquals(kind, TargetKinds.Default);
            if (kind.Read(source, selected, flags, problems) is { } settings)
            {
                targets.Add(settings);
            }
        }

        var timing = TimingSettings.Read(source, problems);
        var engine = EngineEndpointReader.Read(source, problems.Errors);
        var operability = OperabilitySettingsReader.Read(source, problems);

        if (problems.Errors.Count > 0 || timing is null || engine is null || selection is null)
        {
            return new ConfigurationResult(null, problems.Errors, problems.Warnings);
        }

        return new ConfigurationResult(new WatcherConfiguration(flags, engine, timing, operability, targets), problems.Errors, problems.Warnings);
    }
}
