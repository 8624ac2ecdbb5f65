using Dupstream.Configuration;
using Dupstream.Hosting;
using Dupstream.Targets.Http;

namespace Dupstream.Tests.Configuration;

public class SignatureOnlySettingTests
{
    private const string Url = "http://lb.example:9080/lb";

    private static ConfigurationResult Read(Dictionary<string, string?> environment) =>
        WatcherConfigurationReader.Read(environment, CommandLineFlags.None, _ => false);

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("true", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    public void Signature_only_is_off_unless_turned_on(string? value, bool expected)
    {
        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET"] = "k3y", ["DUPSTREAM_SIGNATURE_ONLY"] = value });

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(expected, result.Configuration!.Target<HttpTargetSettings>()!.SignatureOnly);
    }

    [Fact]
    public void A_value_that_is_not_a_boolean_is_one_error_naming_the_setting()
    {
        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SERVICE_SECRET"] = "k3y", ["DUPSTREAM_SIGNATURE_ONLY"] = "yes please" });

        Assert.Equal("DUPSTREAM_SIGNATURE_ONLY: 'yes please' is not a boolean (use true or false).", Assert.Single(result.Errors));
    }

    [Fact]
    public void Signature_only_without_a_secret_is_an_error_naming_both_settings()
    {
        var result = Read(new() { ["DUPSTREAM_SERVICE_URL"] = Url, ["DUPSTREAM_SIGNATURE_ONLY"] = "true" });

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("DUPSTREAM_SIGNATURE_ONLY: ", error, StringComparison.Ordinal);
        Assert.Contains("DUPSTREAM_SERVICE_SECRET", error, StringComparison.Ordinal);
    }
}
