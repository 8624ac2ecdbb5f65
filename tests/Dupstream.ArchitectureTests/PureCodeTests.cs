using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dupstream.ArchitectureTests;

/// <summary>
/// The builders and renderers are pure: same input, same output, nothing touched. They reach no file, stream,
/// socket, HTTP client, engine client or process; the edges that do live elsewhere behind narrow interfaces.
/// </summary>
public class PureCodeTests
{
    // Value types such as IPAddress are fine; what does I/O is not.
    private const string InputOutput =
        @"^(System\.IO\.(File|FileInfo|FileStream|FileSystemInfo|Directory|DirectoryInfo|Stream|StreamReader|StreamWriter|TextReader|TextWriter|Pipes\..*|Pipelines\..*)"
        + @"|System\.Net\.(Http|Sockets|Security)\..*"
        + @"|System\.Net\.(WebClient|WebRequest|Dns)"
        + @"|Docker\.DotNet(\..*)?\.[^.]+"
        + @"|System\.Diagnostics\.(Process|ProcessStartInfo)"
        + @"|System\.Console)$";

    [Theory]
    [InlineData("watcher", "Dupstream.Snapshots")]
    [InlineData("receiver", "Dupstream.Nginx.Flavours.Nginx.Rendering")]
    [InlineData("receiver", "Dupstream.Nginx.Flavours.Nginx.Validation")]
    [InlineData("receiver", "Dupstream.Nginx.Flavours.Nginx.Directives")]
    [InlineData("receiver", "Dupstream.Nginx.Flavours.Nginx.Lua.Rendering")]
    public void Pure_code_reaches_no_input_or_output(string assembly, string pureNamespace)
    {
        RuleAssert.Holds(NoInputOutputIn(pureNamespace), Assemblies.Of(assembly));
    }

    [Theory]
    [InlineData("watcher", "Dupstream.Docker")]
    [InlineData("receiver", "Dupstream.Nginx.Applying")]
    public void The_rule_finds_input_or_output_where_there_is_some(string assembly, string edgeNamespace)
    {
        Assert.False(NoInputOutputIn(edgeNamespace).HasNoViolations(Assemblies.Of(assembly)));
    }

    private static ArchUnitNET.Fluent.Syntax.Elements.Types.TypesShouldConjunction NoInputOutputIn(string ns) =>
        Types().That().ResideInNamespaceMatching($@"^{ns.Replace(".", @"\.", StringComparison.Ordinal)}(\..*)?$")
            .Should().NotDependOnAny(Types(true).That().HaveFullNameMatching(InputOutput));
}
