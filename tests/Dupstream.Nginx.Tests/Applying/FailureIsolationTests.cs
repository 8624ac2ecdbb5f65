using Dupstream.Nginx.Applying;

namespace Dupstream.Nginx.Tests.Applying;

/// <summary>
/// The search itself, with a stand-in for nginx -t that refuses any file holding a marked block and says
/// nothing traceable (no file, line or name): only halving can find the culprit, within the bound.
/// </summary>
public sealed class FailureIsolationTests
{
    private static string Block(string name, bool bad = false) => $"upstream {name} {{\n{(bad ? "\tBAD;\n" : "")}\tserver\t10.0.0.1:80;\n}}\n\n";

    [Theory]
    [InlineData(1, 0)]
    [InlineData(16, 0)]
    [InlineData(16, 7)]
    [InlineData(16, 15)]
    [InlineData(100, 63)]
    public async Task HalvingFindsTheOneBadBlockInOnePlusLog2NTests(int count, int badIndex)
    {
        var wanted = string.Concat(Enumerable.Range(0, count).Select(i => Block($"s{i}", i == badIndex)));
        var plan = new RenderPlan([("/x/default.conf", "", wanted)]);
        var tested = 0;
        var result = await FailureIsolation.RunAsync(
            plan,
            "nginx: [emerg] something nobody can trace",
            held =>
            {
                tested++;
                return Task.FromResult((!plan.Compose("/x/default.conf", held).Contains("BAD", StringComparison.Ordinal), "nginx: [emerg] something nobody can trace"));
            },
            maxTests: 20);

        Assert.True(result.Passed);
        Assert.Equal([$"s{badIndex}"], result.HeldBack.Select(h => h.Change.Name));
        Assert.Equal(tested + 1, result.TestsRun);
        Assert.True(result.TestsRun <= 3 + (int)Math.Ceiling(Math.Log2(count)), $"{result.TestsRun} tests for {count} blocks");
    }

    [Fact]
    public async Task ItStopsAtTheBoundAndAFailureThatIsNotOursIsReportedAsSuch()
    {
        var plan = new RenderPlan([("/x/default.conf", "", string.Concat(Enumerable.Range(0, 64).Select(i => Block($"s{i}", i == 40))))]);
        var bounded = await FailureIsolation.RunAsync(plan, "untraceable", held => Task.FromResult((!plan.Compose("/x/default.conf", held).Contains("BAD", StringComparison.Ordinal), "untraceable")), maxTests: 4);
        Assert.False(bounded.Passed);
        Assert.Equal(4, bounded.TestsRun);

        var notOurs = await FailureIsolation.RunAsync(plan, "the site is broken", _ => Task.FromResult((false, "the site is broken")), maxTests: 20);
        Assert.False(notOurs.Passed);
        Assert.Equal(2, notOurs.TestsRun);
        Assert.Empty(notOurs.HeldBack);
    }
}
