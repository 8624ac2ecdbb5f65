using Dupstream.Configuration;
using Dupstream.Targets;
using Dupstream.Tests.Support;

namespace Dupstream.Tests.Targets;

/// <summary>The registration seam: the one list of kinds, and DUPSTREAM_SERVICE read against it.</summary>
public class TargetKindsTests
{
    private static SettingsSource Source(string? service) =>
        SettingsSource.Of(new Dictionary<string, string?> { ["DUPSTREAM_SERVICE"] = service }, _ => false, _ => string.Empty);

    [Fact]
    public void The_kinds_are_http_then_consul_with_http_the_default()
    {
        Assert.Equal(["http", "consul"], TargetKinds.All.Select(kind => kind.Name));
        Assert.Equal("http", TargetKinds.Default.Name);
    }

    [Fact]
    public void A_kind_added_to_the_list_is_selectable_and_named_in_the_hint()
    {
        IReadOnlyList<ITargetKind> kinds = [.. TargetKinds.All, new StubTargetKind("kafka")];
        var errors = new List<string>();

        Assert.Equal(["kafka"], ServiceSelection.Read(Source(" KAFKA "), kinds, errors)!);
        Assert.Null(ServiceSelection.Read(Source("nats"), kinds, errors));
        Assert.Equal("DUPSTREAM_SERVICE: 'nats' is not a known service type; use one or more of 'http', 'consul', 'kafka', separated by ','.", Assert.Single(errors));
    }

    [Theory]
    [InlineData(",")]
    [InlineData(" , ,")]
    public void A_value_naming_no_kind_is_refused(string value)
    {
        var errors = new List<string>();

        Assert.Null(ServiceSelection.Read(Source(value), TargetKinds.All, errors));
        Assert.StartsWith("DUPSTREAM_SERVICE: ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
