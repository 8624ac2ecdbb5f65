using System.Globalization;

namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>max_removed_share</c> and <c>wipe_confirm_seconds</c>.</summary>
internal static class GuardSettingsReader
{
    public static GuardSettings Read(SettingsSource source)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var maxRemovedShare = reader.Double("max_removed_share");
        if (maxRemovedShare is < 0 or > 1 || (maxRemovedShare is { } share && double.IsNaN(share)))
        {
            errors.Add($"max_removed_share: {maxRemovedShare?.ToString(CultureInfo.InvariantCulture)} must be between 0 and 1 (or null to turn the guard off).");
        }

        var wipeConfirmSeconds = reader.Double("wipe_confirm_seconds") ?? new GuardSettings().WipeConfirmDelay.TotalSeconds;
        if (wipeConfirmSeconds is < 0 or > 86400 || double.IsNaN(wipeConfirmSeconds))
        {
            errors.Add($"wipe_confirm_seconds: {wipeConfirmSeconds.ToString(CultureInfo.InvariantCulture)} must be from 0 to 86400.");
        }

        return new GuardSettings
        {
            MaxRemovedShare = maxRemovedShare,
            WipeConfirmDelay = TimeSpan.FromSeconds(Math.Clamp(double.IsNaN(wipeConfirmSeconds) ? 0 : wipeConfirmSeconds, 0, 86400)),
        };
    }
}
