using Dupstream.Monitoring;

namespace Dupstream.Tests.Monitoring;

public class HealthEvaluatorTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);

    private static HealthReport Evaluate(HealthInputs inputs, TimeSpan after) => HealthEvaluator.Evaluate(inputs, [], Start + after, Threshold);

    [Theory]
    [InlineData(0.5, 10)]
    [InlineData(3, 10)]
    [InlineData(4, 12)]
    [InlineData(60, 180)]
    public void The_threshold_is_three_periods_but_at_least_ten_seconds(double periodSeconds, double expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), HealthEvaluator.ThresholdFor(TimeSpan.FromSeconds(periodSeconds)));
    }

    [Fact]
    public void Before_the_first_listing_it_is_starting_and_not_healthy()
    {
        var report = Evaluate(new HealthInputs(Start, null, null, null, false), TimeSpan.FromSeconds(1));

        Assert.False(report.Healthy);
        Assert.Equal("starting", report.Status);
        Assert.Equal("no engine listing has completed yet", report.Reason);
    }

    [Fact]
    public void An_engine_that_never_answered_is_named_with_its_error()
    {
        var report = Evaluate(new HealthInputs(Start, null, Start.AddSeconds(1), "HttpRequestException: Connection refused", false), TimeSpan.FromSeconds(30));

        Assert.False(report.Healthy);
        Assert.Equal("engine not answering since 2025-01-01T12:00:01.000Z: HttpRequestException: Connection refused", report.Reason);
    }

    [Fact]
    public void A_recent_listing_is_healthy_even_if_the_latest_attempt_failed()
    {
        var inputs = new HealthInputs(Start, Start, Start.AddSeconds(2), "engine answered 503: not a swarm manager", true);

        var report = Evaluate(inputs, Threshold);

        Assert.True(report.Healthy);
        Assert.Equal("ok", report.Status);
        Assert.Null(report.Reason);
        Assert.Equal("engine answered 503: not a swarm manager", report.LastError);
        Assert.Equal("connected", report.EventStream);
    }

    [Fact]
    public void A_listing_older_than_the_threshold_is_failing_with_the_reason()
    {
        var inputs = new HealthInputs(Start, Start, Start.AddSeconds(2), "engine answered 503: not a swarm manager", false);

        var report = Evaluate(inputs, Threshold + TimeSpan.FromMilliseconds(1));

        Assert.False(report.Healthy);
        Assert.Equal("failing", report.Status);
        Assert.Equal("engine not answering since 2025-01-01T12:00:02.000Z: engine answered 503: not a swarm manager", report.Reason);
        Assert.Equal("disconnected", report.EventStream);
    }

    [Fact]
    public void A_stale_listing_without_an_error_says_since_when()
    {
        var report = Evaluate(new HealthInputs(Start, Start, null, null, true), TimeSpan.FromMinutes(1));

        Assert.False(report.Healthy);
        Assert.Equal("no engine listing has completed since 2025-01-01T12:00:00.000Z", report.Reason);
    }
}
