using System.Text;
using Dupstream.Contracts;

namespace Dupstream.Contracts.Tests;

public sealed class RequestSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"nodes":[],"services":[]}""");

    [Fact]
    public void The_header_matches_a_vector_computed_with_openssl()
    {
        // printf '1700000000.{"nodes":[],"services":[]}' | openssl dgst -sha256 -hmac 's3cr3t-ü'   (UTF-8 secret)
        const string OpenSsl = "610072bfe11223013622c62dc056d4662d02cb99ebe14f6c864b058efbed1bd2";

        Assert.Equal($"t=1700000000,v1={OpenSsl}", RequestSignature.CreateHeader("s3cr3t-ü", 1_700_000_000, Body));
        Assert.Equal(Convert.FromHexString(OpenSsl), RequestSignature.Compute("s3cr3t-ü", 1_700_000_000, Body));
    }

    [Fact]
    public void An_empty_body_signs_just_the_time_and_the_dot()
    {
        // printf '42.' | openssl dgst -sha256 -hmac 'k'
        Assert.Equal(
            "8b39da342ea5ffdfeef76bb188bebc0f1c6f8fb35a98281fd3f6370ec477b2a4",
            Convert.ToHexStringLower(RequestSignature.Compute("k", 42, [])));
    }

    [Fact]
    public void Parse_reads_back_what_CreateHeader_wrote_and_Verify_accepts_only_the_same_secret_time_and_body()
    {
        var header = RequestSignature.CreateHeader("k3y", 1_700_000_123, Body);

        var (unixSeconds, signature) = RequestSignature.Parse(header);

        Assert.Equal(1_700_000_123, unixSeconds);
        Assert.Equal(RequestSignature.SignatureBytes, signature.Length);
        Assert.True(RequestSignature.Verify("k3y", unixSeconds, Body, signature));
        Assert.False(RequestSignature.Verify("k3Y", unixSeconds, Body, signature));
        Assert.False(RequestSignature.Verify("k3y", unixSeconds + 1, Body, signature));
        Assert.False(RequestSignature.Verify("k3y", unixSeconds, Encoding.UTF8.GetBytes("""{"nodes":[],"services":[] }"""), signature));
    }

    [Fact]
    public void The_hex_is_lower_case()
    {
        var header = RequestSignature.CreateHeader("k", 1, Body);

        Assert.Equal(header.ToLowerInvariant(), header);
    }

    [Fact]
    public void Unknown_keys_spaces_and_order_do_not_matter()
    {
        var hex = new string('a', 64);

        Assert.True(RequestSignature.TryParse($"v2=zz, v1={hex} ,t=42", out var t, out var signature, out var error));

        Assert.Null(error);
        Assert.Equal(42, t);
        Assert.Equal(Convert.FromHexString(hex), signature);
    }

    [Theory]
    [InlineData("t=5,v1=", "'v1' must be 64 hex digits")]
    [InlineData("v1=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "'t' must be")]
    [InlineData("t=-5,v1=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "'t' must be")]
    [InlineData("t=5,t=6,v1=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "'t' is given more than once")]
    [InlineData("t=5,v1=ggaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "'v1' must be 64 hex digits")]
    [InlineData("garbage", "key=value pairs")]
    [InlineData(" ", "empty")]
    public void A_malformed_header_is_refused_with_a_reason_that_does_not_quote_it(string header, string reason)
    {
        Assert.False(RequestSignature.TryParse(header, out _, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);

        var thrown = Assert.Throws<FormatException>(() => RequestSignature.Parse(header));
        Assert.Contains(RequestSignature.HeaderName, thrown.Message, StringComparison.Ordinal);
        Assert.Contains(reason, thrown.Message, StringComparison.Ordinal);
        if (header.Trim().Length > 8)
        {
            Assert.DoesNotContain(header, thrown.Message, StringComparison.Ordinal);
        }
    }
}
