using System.Text;
using Dupstream.IntegrationTests.Lab;
using Dupstream.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The systemd route from a fresh Debian host's point of view, in a container of the receiver image (Debian's
/// nginx package, sh) on node2: Debian's default site enabled, no /etc/nginx/dupstream, the files installed as
/// deploy/dupstream-nginx.service says, nginx started as nginx.service starts it, then the unit's own commands
/// (WorkingDirectory, ExecStartPre, ExecStart parsed from the unit file) run as systemd would run them.
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class SystemdUnitTests(SwarmLab lab, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => DeployedImages.LoadOnEveryNodeAsync(lab);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_units_commands_start_the_receiver_beside_debians_nginx_and_a_snapshot_reaches_nginx()
    {
        var unit = SystemdUnit.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "dupstream-nginx.service")));
        var secret = Guid.NewGuid().ToString("N");
        var container = SwarmLab.UniqueName("systemd");
        var install = $"""
            set -e
            ln -sf /etc/nginx/sites-available/default /etc/nginx/sites-enabled/default
            rm -rf /etc/nginx/dupstream /etc/nginx/conf.d/dupstream.conf /etc/dupstream
            install -D -m 0755 /usr/local/bin/dupstream-nginx /opt/dupstream-nginx/dupstream-nginx
            install -D -m 0644 /deploy/nginx-dupstream.conf /etc/nginx/conf.d/dupstream.conf
            install -D -m 0600 /deploy/receiver-config.json /etc/dupstream/config.json
            mkdir -p /run/secrets && printf %s {secret} > /run/secrets/dupstream_secret
            nginx -t -q -g 'daemon on; master_process on;'
            nginx -g 'daemon on; master_process on;'
            {unit.ToShellScript()}
            """;
        var run = await DeployedImages.DockerOnAsync(lab.Node2DockerHost,
            "run", "-d", $"--name={container}", "--network=host", "--entrypoint=/bin/sh",
            $"--volume={RepositoryRoot.Combine("deploy")}:/deploy:ro", DeployedImages.Receiver, "-c", install);
        run.OutputOrThrow();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var snapshot = $$$"""
                {"nodes":[{"Id":"n1","Name":"{{{lab.ManagerHostname}}}","Ip":"{{{lab.ManagerAddress}}}","State":"ready","Availability":"active"}],
                 "services":[{"Name":"web","Ports":[{"TargetPort":80,"PublishedPort":18081}],"Nodes":["n1"],"Labels":{}}]}
                """;
            var answer = await Eventually.UntilAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"http://{lab.Node2Address}:{StackDeployment.ReceiverPort}/lb")
                {
                    Content = new StringContent(snapshot, Encoding.UTF8, "application/json"),
                };
                request.Headers.Add("X-SECRET", secret);
                using var response = await http.SendAsync(request);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }, Patience, "the receiver started by the unit's commands to answer");
            Assert.StartsWith("200", answer, StringComparison.Ordinal);

            var upstream = await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "exec", container, "cat", StackDeployment.UpstreamFile);
            Assert.Contains($"{lab.ManagerAddress}:18081;", upstream.OutputOrThrow(), StringComparison.Ordinal);
            var metrics = await ReceiverMetrics.ReadAsync(http, new Uri($"http://{lab.Node2Address}:{StackDeployment.ReceiverPort}/metrics"));
            Assert.Equal(1, metrics.Reloads);
            var health = await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "exec", container, "/opt/dupstream-nginx/dupstream-nginx", "health", "--config", "/etc/dupstream/config.json");
            Assert.Equal(0, health.ExitCode);
        }
        finally
        {
            var logs = await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "logs", container);
            output.WriteLine(logs.StandardOutput + logs.StandardError);
            await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "rm", "-f", container);
        }
    }
}
