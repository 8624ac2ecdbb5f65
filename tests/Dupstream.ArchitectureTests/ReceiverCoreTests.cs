using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Dupstream.ArchitectureTests;

/// <summary>
/// The receiver's core (API checks, queue, atomic files, guard, failure search, the apply steps) knows nothing of
/// nginx: what is nginx's (rendering, directive rules, server lines, reload) lives in a flavour that depends on the
/// core, so a second flavour or a second way of applying is a new folder, not a copy.
/// </summary>
public class ReceiverCoreTests
{
    private const string Core = @"^Dupstream\.Nginx\.Core(\..*)?$";
    private const string Flavours = @"^Dupstream\.Nginx\.Flavours(\..*)?$";

    [Fact]
    public void The_core_never_depends_on_a_flavour()
    {
        RuleAssert.Holds(Types().That().ResideInNamespaceMatching(Core).Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Flavours)), Assemblies.Of("receiver"));
    }

    [Fact]
    public void The_rule_sees_a_dependency_where_there_is_one()
    {
        // The other way round does hold a dependency (the nginx reload implements the core's activation step), so a
        // rule that passed here would be one that cannot see.
        Assert.False(Types().That().ResideInNamespaceMatching(Flavours).Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(Core))
            .HasNoViolations(Assemblies.Of("receiver")));
    }

    [Fact]
    public void The_request_path_sees_the_render_seam_not_nginxs_rules()
    {
        // The endpoint, the answer it remembers and the queue take a snapshot through ISnapshotRenderer; which names,
        // labels and directives nginx accepts, and how its blocks look, stay in the flavour. (ReceiverApp, which
        // registers the flavour, and the applier's hosts-file splice are the known exceptions.)
        var requestPath = Types().That().ResideInNamespaceMatching(@"^Dupstream\.Nginx\.Api$").And().DoNotHaveNameMatching("^ReceiverApp$")
            .Or().HaveNameMatching("^ApplyQueue$");
        var nginxRules = Types().That().ResideInNamespaceMatching(@"^Dupstream\.Nginx\.Flavours\.Nginx\.(Validation|Rendering|Directives)$");
        RuleAssert.Holds(requestPath.Should().NotDependOnAny(nginxRules), Assemblies.Of("receiver"));

        // The same rule sees the render command, which builds nginx's renderer itself.
        Assert.False(Types().That().HaveNameMatching("^RenderCommand$").Should().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^Dupstream\.Nginx\.Flavours\.Nginx(\..*)?$"))
            .HasNoViolations(Assemblies.Of("receiver")));
    }
}
