using System.Security.Cryptography;
using System.Text;
using Dupstream.Contracts;
using Dupstream.Nginx.Api;
using Dupstream.Nginx.Core.Api;
using Microsoft.Extensions.Time.Testing;

namespace Dupstream.Nginx.Tests.Api;

public sealed class RequestSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"nodes":[],"services":[]}""");

    [Fact]
    public void TheHeaderIsHexHmacSha256OfTimeDotBody()
    {
        // Computed independently with the one-shot API, to pin the scheme the watcher must follow.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("k3y"), Encoding.UTF8.GetBytes("""1700000000.{"nodes":[],"services":[]}""")));
        Assert.Equal($"t=1700000000,v1={expected}", RequestSignature.CreateHeader("k3y", 1_700_000_000, Body));
        Assert.True(RequestSignature.Verify("k3y", 1_700_000_000, Body, Convert.FromHexString(expected)));
        Assert.False(RequestSignature.Verify("k3y", 1_700_000_001, Body, Convert.FromHexString(expected)));
        Assert.False(RequestSignature.Verify("other", 1_700_000_000, Body, Convert.FromHexString(expected)));
    }

    [Theory]
    [InlineData("t=5,v1=", "'v1' must be 64 hex digits")]
    [InlineData("v1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "'t' must be")]
    [InlineData("t=-5,v1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "'t' must be")]
    [InlineData("t=5,t=6,v1=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "'t' is given more than once")]
    [InlineData("t=5,v1=GGAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "'v1' must be 64 hex digits")]
    [InlineData("garbage", "key=value pairs")]
    [InlineData("", "empty")]
    public void AMalformedHeaderIsRefusedWithAReason(string header, string reason)
    {
        Assert.False(RequestSignature.TryParse(header, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysAndOrderDoNotMatter()
    {
        var hex = new string('a', 64);
        Assert.True(RequestSignature.TryParse($"v2=zz, v1={hex} ,t=42", out var t, out var signature, out _));
        Assert.Equal(42, t);
        Assert.Equal(Convert.FromHexString(hex), signature);
    }

    [Fact]
    public void ASignatureIsAcceptedOnceAndForgottenWhenItLeavesTheWindow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_000_000));
        var seen = new SeenSignatures(TimeSpan.FromSeconds(300), time);
        var signature = RequestSignature.Compute("k", 1_000_000, Body);

        Assert.True(seen.TryRecord(1_000_000, signature));
        Assert.False(seen.TryRecord(1_000_000, signature));
        time.Advance(TimeSpan.FromSeconds(300));
        Assert.False(seen.TryRecord(1_000_000, signature));
        Assert.Equal(1, seen.Count);

        // Past the window the entry is dropped: the timestamp check refuses such a request before this.
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(seen.TryRecord(1_000_301, RequestSignature.Compute("k", 1_000_301, Body)));
        Assert.Equal(1, seen.Count);
    }

    [Fact]
    public void MemoryIsBoundedAndAnEvictedSignatureStillCannotBeReplayed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(2_000_000));
        var seen = new SeenSignatures(TimeSpan.FromSeconds(300), time, capacity: 3);
        var signatures = Enumerable.Range(0, 5).Select(i => (At: 2_000_000L - 10 + i, Mac: RequestSignature.Compute("k", 2_000_000 - 10 + i, Body))).ToList();

        Assert.All(signatures, s => Assert.True(seen.TryRecord(s.At, s.Mac)));
        Assert.Equal(3, seen.Count);

        // The two oldest were evicted; their replay is refused by the floor, not by memory.
        Assert.False(seen.TryRecord(signatures[0].At, signatures[0].Mac));
        Assert.False(seen.TryRecord(signatures[1].At, signatures[1].Mac));
        Assert.False(seen.TryRecord(signatures[4].At, signatures[4].Mac));
        Assert.Equal(3, seen.Count);
    }
}
