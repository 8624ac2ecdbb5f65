namespace Dupstream.Configuration;

/// <summary>DUPSTREAM_PERIOD (the resync period and, with --always, the resend period) and DUPSTREAM_SERVICE_TIMEOUT (how long one request to a target may take).</summary>
internal sealed record TimingSettings(TimeSpan Period, TimeSpan RequestTimeout)
{
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(5);

    public static TimingSettings Default { get; } = new(DefaultPeriod, DefaultRequestTimeout);

    /// <returns>The settings, or null when a value is wrong (each wrong value is one error).</returns>
    public static TimingSettings? Read(SettingsSource source, ConfigurationProblems problems)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(problems);
        var period = SecondsSetting.Parse(EnvironmentNames.Period, source.Get(EnvironmentNames.Period), DefaultPeriod, problems.Errors);
        var timeout = SecondsSetting.Parse(EnvironmentNames.ServiceTimeout, source.Get(EnvironmentNames.ServiceTimeout), DefaultRequestTimeout, problems.Errors);
        return period is { } p && timeout is { } t ? new TimingSettings(p, t) : null;
    }
}
