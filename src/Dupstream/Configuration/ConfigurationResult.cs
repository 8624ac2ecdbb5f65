namespace Dupstream.Configuration;

/// <summary>Either valid options or every problem found, one message per problem, each naming its setting.</summary>
internal sealed record ConfigurationResult(WatcherOptions? Options, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Options is not null && Errors.Count == 0;
}
