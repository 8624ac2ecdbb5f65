namespace Dupstream.Hosting;

/// <summary>Either a valid configuration or every problem found, one message per problem, each naming its setting.</summary>
internal sealed record ConfigurationResult(WatcherConfiguration? Configuration, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Configuration is not null && Errors.Count == 0;
}
