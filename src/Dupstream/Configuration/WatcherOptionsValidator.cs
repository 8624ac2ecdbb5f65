using Microsoft.Extensions.Options;

namespace Dupstream.Configuration;

/// <summary>
/// The same rules as <see cref="WatcherOptionsReader"/>, checked again on the bound options at host start
/// (ValidateOnStart), so options that did not come through the reader cannot run either.
/// </summary>
internal sealed class WatcherOptionsValidator : IValidateOptions<WatcherOptions>
{
    public ValidateOptionsResult Validate(string? name, WatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ServiceKind != WatcherOptions.DefaultServiceKind)
        {
            failures.Add($"{EnvironmentNames.Service}: '{options.ServiceKind}' is not supported; use 'http'.");
        }

        if (!options.Once && options.Targets.Count == 0)
        {
            failures.Add($"{EnvironmentNames.ServiceUrl}: at least one target URL is needed.");
        }

        foreach (var target in options.Targets)
        {
            if (!target.IsAbsoluteUri || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"{EnvironmentNames.ServiceUrl}: '{TargetDisplay.OfRaw(target.OriginalString)}' is not an absolute http:// or https:// URL.");
            }
        }

        if (options.Period <= TimeSpan.Zero)
        {
            failures.Add($"{EnvironmentNames.Period}: must be greater than 0 seconds.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{EnvironmentNames.ServiceTimeout}: must be greater than 0 seconds.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
