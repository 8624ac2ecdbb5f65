using Dupstream.Configuration;

namespace Dupstream.Tests.Configuration;

public class WatcherOptionsValidatorTests
{
    [Fact]
    public void Options_read_from_a_valid_environment_pass()
    {
        var options = WatcherOptionsReader.Read(new Dictionary<string, string?> { ["DUPSTREAM_SERVICE_URL"] = "http://127.0.0.1/" }, CommandLineFlags.None).Options!;

        Assert.True(new WatcherOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Options_that_bypassed_the_reader_cannot_run()
    {
        var options = new WatcherOptions { ServiceKinds = ServiceKinds.None, Period = TimeSpan.Zero, RequestTimeout = TimeSpan.FromSeconds(-1), Targets = [new Uri("ftp://a.test/")] };

        var result = new WatcherOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            ["DUPSTREAM_SERVICE", "DUPSTREAM_SERVICE_URL", "DUPSTREAM_PERIOD", "DUPSTREAM_SERVICE_TIMEOUT"],
            result.Failures!.Select(failure => failure.Split(':')[0]));
    }

    [Fact]
    public void No_target_is_refused_unless_once()
    {
        Assert.True(new WatcherOptionsValidator().Validate(null, new WatcherOptions()).Failed);
        Assert.True(new WatcherOptionsValidator().Validate(null, new WatcherOptions { Once = true }).Succeeded);
    }
}
