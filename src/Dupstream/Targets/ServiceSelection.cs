using Dupstream.Configuration;

namespace Dupstream.Targets;

/// <summary>DUPSTREAM_SERVICE: which target kinds run, as names separated by ',' (any case, spaces allowed); empty means <see cref="TargetKinds.Default"/>.</summary>
internal static class ServiceSelection
{
    /// <returns>The names of the selected kinds, or null (and one error per bad part) when the value is wrong.</returns>
    public static IReadOnlySet<string>? Read(SettingsSource source, IReadOnlyList<ITargetKind> kinds, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentNullException.ThrowIfNull(errors);
        var raw = source.Get(EnvironmentNames.Service);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return new HashSet<string>(StringComparer.Ordinal) { TargetKinds.Default.Name };
        }

        var selected = new HashSet<string>(StringComparer.Ordinal);
        var valid = true;
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (kinds.FirstOrDefault(kind => kind.Name.Equals(part, StringComparison.OrdinalIgnoreCase)) is { } known)
            {
                selected.Add(known.Name);
            }
            else
            {
                errors.Add($"{EnvironmentNames.Service}: '{part}' is not a known service type; {Hint(kinds)}.");
                valid = false;
            }
        }

        if (valid && selected.Count == 0)
        {
            errors.Add($"{EnvironmentNames.Service}: '{raw.Trim()}' names no service type; {Hint(kinds)}.");
            valid = false;
        }

        return valid ? selected : null;
    }

    private static string Hint(IReadOnlyList<ITargetKind> kinds) => kinds.Count == 2
        ? $"use '{kinds[0].Name}', '{kinds[1].Name}' or both ('{kinds[0].Name},{kinds[1].Name}')"
        : $"use one or more of {string.Join(", ", kinds.Select(kind => $"'{kind.Name}'"))}, separated by ','";
}
