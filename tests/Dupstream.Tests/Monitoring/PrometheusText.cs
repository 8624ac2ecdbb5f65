using System.Globalization;

namespace Dupstream.Tests.Monitoring;

/// <summary>Reads one sample from Prometheus text exposition: the line "name{labels} value".</summary>
internal static class PrometheusText
{
    /// <returns>The sample's value, or null when the series is not there.</returns>
    public static double? Value(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }
}
