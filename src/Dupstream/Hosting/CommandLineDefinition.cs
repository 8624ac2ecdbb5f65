using System.CommandLine;
using Dupstream.Configuration;
using Dupstream.Targets;

namespace Dupstream.Hosting;

/// <summary>The command line: three flags of our own, plus --help and --version from System.CommandLine.</summary>
internal sealed class CommandLineDefinition
{
    /// <summary>The watcher's command line, its --help naming the variables of every kind in <see cref="TargetKinds.All"/>.</summary>
    public CommandLineDefinition()
        : this(TargetKinds.All)
    {
    }

    /// <param name="kinds">The target kinds whose variables --help lists.</param>
    public CommandLineDefinition(IReadOnlyList<ITargetKind> kinds)
    {
        Root = new RootCommand(HelpText.Describe(kinds))
        {
            Always,
            Debug,
            Once,
        };
    }

    public RootCommand Root { get; }

    public Option<bool> Always { get; } = new("--always") { Description = "Send the current snapshot to every target every period, even when nothing changed." };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Log every snapshot body that is sent (never the secret)." };

    public Option<bool> Once { get; } = new("--once") { Description = "Print one snapshot as indented JSON on stdout and exit; needs no URL." };

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    public CommandLineFlags FlagsOf(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CommandLineFlags(result.GetValue(Always), result.GetValue(Debug), result.GetValue(Once));
    }
}
