using Dupstream.Delivery;
using Dupstream.Retrying;

namespace Dupstream.Tests.Retrying;

public class RetryBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(8, 25600)]
    [InlineData(9, 30000)]
    [InlineData(1000, 30000)]
    public void Doubles_per_attempt_up_to_the_cap(int attempt, int nominalMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(nominalMs), RetryBackoff.Delay(attempt, Initial, Cap, 1.0));
        Assert.Equal(TimeSpan.FromMilliseconds(nominalMs / 2.0), RetryBackoff.Delay(attempt, Initial, Cap, 0.0));
    }

    [Fact]
    public void Jitter_stays_between_half_and_all_of_the_nominal_delay()
    {
        var random = new Random(42);
        for (var attempt = 1; attempt < 12; attempt++)
        {
            var nominal = Math.Min(Cap.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, attempt - 1));
            var delay = RetryBackoff.Delay(attempt, Initial, Cap, random.NextDouble()).TotalMilliseconds;
            Assert.InRange(delay, nominal / 2, nominal);
        }
    }

    [Fact]
    public void Settings_cap_retries_at_the_period_and_thirty_seconds()
    {
        Assert.Equal(TimeSpan.FromSeconds(3), DeliverySettings.From(TimeSpan.FromSeconds(3), always: false, debug: false).RetryCap);
        Assert.Equal(TimeSpan.FromSeconds(30), DeliverySettings.From(TimeSpan.FromMinutes(5), always: false, debug: false).RetryCap);
        Assert.Equal(TimeSpan.FromMilliseconds(100), DeliverySettings.From(TimeSpan.FromMilliseconds(100), always: false, debug: false).RetryInitial);
    }
}
