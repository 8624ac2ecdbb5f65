using System.Net;
using Dupstream.Delivery;
using Dupstream.Targets.Http;
using static Dupstream.Tests.Support.Snapshots;

namespace Dupstream.Tests.Targets.Http;

/// <summary>The HTTP target against a real listener on loopback.</summary>
public sealed class HttpTargetTests : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly HttpClient client = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Uri address;

    public HttpTargetTests()
    {
        var port = FreePort.Next();
        address = new Uri($"http://127.0.0.1:{port}/lb");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
    }

    private HttpTarget Target(string? secret, TimeSpan? timeout = null) =>
        new(address, client, new SnapshotRequestFactory(secret, TimeProvider.System), timeout ?? TimeSpan.FromSeconds(5), TimeProvider.System);

    private async Task<(string? Method, string? ContentType, string? Secret, byte[] Body)> AnswerOnceAsync(int status)
    {
        var context = await listener.GetContextAsync();
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var seen = (context.Request.HttpMethod, context.Request.ContentType, context.Request.Headers["X-SECRET"], body.ToArray());
        context.Response.StatusCode = status;
        context.Response.Close();
        return seen;
    }

    [Fact]
    public async Task Posts_the_snapshot_bytes_as_json_with_the_secret()
    {
        var snapshot = Version(2);
        var answering = AnswerOnceAsync(200);

        var result = await Target("s3cret").SendAsync(snapshot, CancellationToken.None);
        var seen = await answering;

        Assert.True(result.Succeeded);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("POST", seen.Method);
        Assert.Equal("application/json", seen.ContentType);
        Assert.Equal("s3cret", seen.Secret);
        Assert.Equal(snapshot.Bytes.ToArray(), seen.Body);
    }

    [Fact]
    public async Task Sends_no_secret_header_when_there_is_no_secret()
    {
        var answering = AnswerOnceAsync(204);

        var result = await Target(null).SendAsync(Version(1), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Null((await answering).Secret);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(401)]
    [InlineData(500)]
    public async Task Anything_but_2xx_is_a_failure(int status)
    {
        var answering = AnswerOnceAsync(status);

        var result = await Target("s").SendAsync(Version(1), CancellationToken.None);
        await answering;

        Assert.False(result.Succeeded);
        Assert.Equal(status, result.StatusCode);
    }

    [Fact]
    public async Task A_target_that_never_answers_fails_at_the_timeout()
    {
        var result = await Target("s", TimeSpan.FromMilliseconds(200)).SendAsync(Version(1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.Equal("no answer within 0.2 s", result.Error);
    }

    [Fact]
    public async Task A_refused_connection_is_a_failure_not_an_exception()
    {
        listener.Stop();

        var result = await Target("s").SendAsync(Version(1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void A_tls_failure_is_described_by_its_cause_and_points_at_the_ca_file()
    {
        var exception = new HttpRequestException(
            "The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot"));

        Assert.Equal(
            "TLS handshake failed: The remote certificate is invalid because of errors in the certificate chain: UntrustedRoot (is the target's CA among the system's roots or in DUPSTREAM_CA_FILE?)",
            HttpTarget.Describe(exception));
    }

    [Fact]
    public void Another_failure_keeps_its_message_with_the_innermost_cause_once()
    {
        var inner = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);
        var withCause = new HttpRequestException("Could not connect", inner);
        var alreadySaid = new HttpRequestException($"{inner.Message} (127.0.0.1:9)", inner);

        Assert.Equal($"Could not connect ({inner.Message})", HttpTarget.Describe(withCause));
        Assert.Equal(alreadySaid.Message, HttpTarget.Describe(alreadySaid));
    }

    public void Dispose()
    {
        listener.Close();
        client.Dispose();
    }
}
