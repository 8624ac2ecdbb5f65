namespace Dupstream.Targets;

/// <summary>An environment variable a target kind reads, and what --help says of it.</summary>
/// <param name="Name">The variable, e.g. DUPSTREAM_SERVICE_URL.</param>
/// <param name="Help">A few words in brackets after the name in --help (format, default, meaning); empty for none.</param>
internal sealed record TargetVariable(string Name, string Help = "");
