using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;

namespace Dupstream.ArchitectureTests;

/// <summary>Evaluates a rule and fails with every violation listed, so a broken rule says where it broke.</summary>
internal static class RuleAssert
{
    public static void Holds(IArchRule rule, Architecture architecture)
    {
        var violations = rule.Evaluate(architecture).Where(result => !result.Passed).Select(result => result.Description).ToList();
        Assert.True(violations.Count == 0, $"{rule.Description}\n  " + string.Join("\n  ", violations));
    }
}
