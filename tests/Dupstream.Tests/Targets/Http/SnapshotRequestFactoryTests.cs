using Dupstream.Contracts;
using Dupstream.Targets.Http;
using Microsoft.Extensions.Time.Testing;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Targets.Http;

/// <summary>The POST each delivery sends: X-SECRET and an X-Dupstream-Signature over the signing time and the exact body.</summary>
public sealed class SnapshotRequestFactoryTests
{
    private static readonly Uri Target = new("http://127.0.0.1:9080/lb");
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddMilliseconds(250);

    private readonly FakeTimeProvider time = new(Start);

    private static string Header(HttpRequestMessage request, string name) =>
        Assert.Single(request.Headers.GetValues(name));

    [Fact]
    public async Task With_a_secret_the_request_carries_it_and_a_signature_of_the_clock_time_and_the_body()
    {
        var snapshot = Version(2);
        using var request = new SnapshotRequestFactory("k3y", time).Create(Target, snapshot);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("k3y", Header(request, "X-SECRET"));
        var (unixSeconds, signature) = RequestSignature.Parse(Header(request, "X-Dupstream-Signature"));
        Assert.Equal(1_700_000_000, unixSeconds);
        var body = await request.Content!.ReadAsByteArrayAsync();
        Assert.Equal(snapshot.Bytes.ToArray(), body);
        Assert.True(RequestSignature.Verify("k3y", unixSeconds, body, signature));
    }

    [Fact]
    public void Without_a_secret_there_is_neither_header()
    {
        using var request = new SnapshotRequestFactory(null, time).Create(Target, Version(1));

        Assert.False(request.Headers.Contains("X-SECRET"));
        Assert.False(request.Headers.Contains(RequestSignature.HeaderName));
    }

    [Fact]
    public void Each_request_is_signed_at_its_own_time()
    {
        var factory = new SnapshotRequestFactory("k", time);
        using var first = factory.Create(Target, Version(1));
        time.Advance(TimeSpan.FromSeconds(61));
        using var second = factory.Create(Target, Version(2));

        Assert.Equal(1_700_000_000, RequestSignature.Parse(Header(first, RequestSignature.HeaderName)).UnixSeconds);
        Assert.Equal(1_700_000_061, RequestSignature.Parse(Header(second, RequestSignature.HeaderName)).UnixSeconds);
    }

    [Fact]
    public async Task With_signature_only_the_secret_is_not_sent_but_the_signature_is()
    {
        var snapshot = Version(3);
        using var request = new SnapshotRequestFactory("k3y", time, signatureOnly: true).Create(Target, snapshot);

        Assert.False(request.Headers.Contains("X-SECRET"));
        var (unixSeconds, signature) = RequestSignature.Parse(Header(request, "X-Dupstream-Signature"));
        Assert.True(RequestSignature.Verify("k3y", unixSeconds, await request.Content!.ReadAsByteArrayAsync(), signature));
    }

    [Theory]
    [InlineData("http://lb:pa55@127.0.0.1:9080/lb", "lb:pa55")]
    [InlineData("http://lb%40corp:p%3Ass%20w@127.0.0.1:9080/lb", "lb@corp:p:ss w")]
    [InlineData("http://only-user@127.0.0.1:9080/lb", "only-user:")]
    [InlineData("http://l%C3%A9o:%C3%BC@127.0.0.1:9080/lb", "léo:ü")]
    public void Credentials_in_the_url_become_a_basic_authorization_header(string url, string decoded)
    {
        using var request = new SnapshotRequestFactory(null, time).Create(new Uri(url), Version(1));

        Assert.Equal("Basic", request.Headers.Authorization!.Scheme);
        Assert.Equal(decoded, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(request.Headers.Authorization.Parameter!)));
    }

    [Fact]
    public void A_url_without_credentials_sends_no_authorization()
    {
        using var request = new SnapshotRequestFactory("k3y", time).Create(Target, Version(1));

        Assert.Null(request.Headers.Authorization);
    }
}
