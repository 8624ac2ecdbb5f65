namespace Dupstream.Configuration;

/// <summary>The flags given on the command line.</summary>
internal sealed record CommandLineFlags(bool Always, bool Debug, bool Once)
{
    public static CommandLineFlags None { get; } = new(false, false, false);
}
