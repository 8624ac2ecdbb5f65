using System.Globalization;

namespace Dupstream.Docker;

/// <summary>Formats a resume point the way /events?since= expects it: "seconds.nanoseconds".</summary>
internal static class EventSince
{
    public static string Format(DateTimeOffset since)
    {
        var ticks = Math.Max(0, (since - DateTimeOffset.UnixEpoch).Ticks);
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var nanos = (ticks % TimeSpan.TicksPerSecond) * 100;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{nanos:D9}");
    }

    public static DateTimeOffset FromTimeNano(long timeNano) =>
        DateTimeOffset.UnixEpoch.AddTicks(timeNano / 100);
}
