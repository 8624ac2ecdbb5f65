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
        var usesHttp = options.ServiceKinds.HasFlag(ServiceKinds.Http);
        if (options.ServiceKinds == ServiceKinds.None || (options.ServiceKinds & ~(ServiceKinds.Http | ServiceKinds.Consul)) != 0)
        {
            failures.Add($"{EnvironmentNames.Service}: '{options.ServiceKinds}' is not supported; use 'http', 'consul' or both.");
        }

        if (!options.Once && usesHttp && options.Targets.Count == 0)
        {
            failures.Add($"{EnvironmentNames.ServiceUrl}: at least one target URL is needed.");
        }

        if (!options.Once && options.ServiceKinds.HasFlag(ServiceKinds.Consul)
            && (options.Consul is null || !options.Consul.Address.IsAbsoluteUri
                || (options.Consul.Address.Scheme != Uri.UriSchemeHttp && options.Consul.Address.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{EnvironmentNames.ConsulHttpAddr}: an http(s) address of the Consul API is needed when {EnvironmentNames.Service} includes consul.");
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
