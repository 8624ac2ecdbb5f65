using System.Net;
using System.Net.Sockets;
using System.Text;
using Dupstream.Common.Health;

namespace Dupstream.Tests.Common;

public sealed class HealthProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData(null, 8080, false, "http://127.0.0.1:8080/healthz")]
    [InlineData("0.0.0.0", 9080, true, "https://127.0.0.1:9080/healthz")]
    [InlineData("::", 9080, false, "http://[::1]:9080/healthz")]
    [InlineData("10.0.0.5", 8080, false, "http://10.0.0.5:8080/healthz")]
    public void The_url_is_where_the_listener_answers_on_this_machine(string? address, int port, bool tls, string expected)
    {
        var url = HealthProbe.LoopbackUrl(address is null ? null : IPAddress.Parse(address), port, tls);
        Assert.Equal(expected, url.ToString());
    }

    [Theory]
    [InlineData("200 OK", HealthProbe.Healthy)]
    [InlineData("503 Service Unavailable", HealthProbe.Unhealthy)]
    public async Task The_exit_code_follows_the_status_of_a_real_listener(string status, int expected)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var stream = client.GetStream();
            var buffer = new byte[4096];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0)
                {
                    break;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            return request.ToString();
        });
        var output = new StringWriter();

        var code = await HealthProbe.RunAsync(HealthProbe.LoopbackUrl(null, port, tls: false), Timeout, output, CancellationToken.None);

        Assert.Equal(expected, code);
        Assert.StartsWith("GET /healthz ", await serve, StringComparison.Ordinal);
        Assert.Contains(status.Split(' ')[0], output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_listening_is_unhealthy_with_a_line_saying_so()
    {
        var port = FreePort.Next();
        var output = new StringWriter();
        var code = await HealthProbe.RunAsync(HealthProbe.LoopbackUrl(null, port, tls: false), Timeout, output, CancellationToken.None);

        Assert.Equal(HealthProbe.Unhealthy, code);
        Assert.Contains("no answer", output.ToString(), StringComparison.Ordinal);
    }
}
