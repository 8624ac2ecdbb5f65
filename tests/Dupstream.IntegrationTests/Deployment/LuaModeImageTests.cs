using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dupstream.Contracts;
using Dupstream.IntegrationTests.Lab;
using Xunit.Abstractions;

namespace Dupstream.IntegrationTests.Deployment;

/// <summary>
/// The receiver image in apply_mode "lua" on a lab node: the image's nginx loads Debian's Lua module, the receiver
/// writes its Lua files into the upstream folder the image's site includes, a new upstream is reloaded once, and a
/// change of its nodes then reaches nginx's memory with no reload: the next requests through nginx already go to the
/// new set. Everything but the config is the image as shipped (read-only root, tmpfs where the stack mounts them).
/// </summary>
[Collection(SwarmCollection.Name)]
public sealed class LuaModeImageTests(SwarmLab lab, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public Task InitializeAsync() => DeployedImages.LoadOnEveryNodeAsync(lab);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_membership_change_reaches_the_images_nginx_without_a_reload()
    {
        var service = SwarmLab.UniqueName("lua-web");
        var container = SwarmLab.UniqueName("lua-recv");
        var port = lab.FreeTcpPort();
        var secret = "s3cret-" + Guid.NewGuid().ToString("N");
        var configDir = Directory.CreateTempSubdirectory("dupstream-lua-image-");
        var config = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryRoot.Combine("deploy", "receiver-config.json")))!.AsObject();
        config.Remove("secret_file");
        config["secret"] = secret;
        config["apply_mode"] = "lua";
        await File.WriteAllTextAsync(Path.Combine(configDir.FullName, "config.json"), config.ToJsonString());
        try
        {
            // Each node's task answers with its hostname on the host port.
            await lab.CreateServiceAsync(new ServiceSpec(service) { Global = true, HostPort = port });
            var run = await DeployedImages.DockerOnAsync(lab.Node2DockerHost,
                "run", "-d", $"--name={container}", "--network=host", "--read-only",
                "--tmpfs=/run", "--tmpfs=/var/lib/nginx", "--tmpfs=/etc/nginx/dupstream",
                $"--volume={configDir.FullName}/config.json:/etc/dupstream/config.json:ro", DeployedImages.Receiver);
            run.OutputOrThrow();

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var receiver = new Uri($"http://{lab.Node2Address}:9080/lb");
            var nginx = new Uri($"http://{lab.Node2Address}/");

            // The site proxies to the upstream 'web'; both nodes first: a new upstream, so nginx is tested and reloaded.
            // Until the receiver listens, the probe's connection errors count as "not yet".
            var both = await Eventually.UntilAsync(
                () => PostAsync(http, receiver, secret, port, lab.ManagerAddress, lab.Node2Address),
                Patience, $"the receiver in {container} to apply the first snapshot");
            Assert.Equal(new Answer("applied", true, true), both);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.UntilAsync(async () =>
            {
                seen.Add((await http.GetStringAsync(nginx)).Trim());
                return seen.SetEquals([lab.ManagerHostname, lab.Node2Hostname]);
            }, Patience, $"answers from both nodes through the image's nginx at {nginx}");

            // Only the manager now: a membership change, in nginx's memory without a reload, live at once.
            var one = await PostAsync(http, receiver, secret, port, lab.ManagerAddress);
            Assert.Equal(new Answer("applied", false, true), one);
            for (var i = 0; i < 6; i++)
            {
                Assert.Equal(lab.ManagerHostname, (await http.GetStringAsync(nginx)).Trim());
            }

            var metrics = await http.GetStringAsync(new Uri($"http://{lab.Node2Address}:9080/metrics"));
            Assert.Contains("dupstream_nginx_memory_updates_total{outcome=\"success\"} 2", metrics, StringComparison.Ordinal);
            Assert.Contains("dupstream_nginx_reloads_total{outcome=\"success\"} 1", metrics, StringComparison.Ordinal);
        }
        finally
        {
            output.WriteLine((await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "logs", container)).StandardOutput);
            await DeployedImages.DockerOnAsync(lab.Node2DockerHost, "rm", "-f", container);
            await lab.RemoveServiceAsync(service);
            configDir.Delete(recursive: true);
        }
    }

    /// <summary>POSTs a snapshot whose service 'web' runs on the nodes at these addresses.</summary>
    private static async Task<Answer?> PostAsync(HttpClient http, Uri receiver, string secret, int port, params string[] addresses)
    {
        var nodes = addresses.Select((ip, i) => new SnapshotNode { Id = $"node{i}", Name = $"node{i}", Ip = ip, State = "ready", Availability = "active" }).ToList();
        var snapshot = new SwarmSnapshot
        {
            Nodes = nodes,
            Services = [new SnapshotService { Name = "web", Ports = [new SnapshotPort { TargetPort = port, PublishedPort = port }], Nodes = [.. nodes.Select(n => n.Id)] }],
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, receiver) { Content = new ByteArrayContent(SnapshotJson.Serialize(snapshot)) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("x-secret", secret);
        using var response = await http.SendAsync(request);
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {answer}");
        return new Answer(answer!["result"]!.GetValue<string>(), answer["reloaded"]!.GetValue<bool>(), answer["memory_updated"]?.GetValue<bool>() ?? false);
    }

    private sealed record Answer(string Result, bool Reloaded, bool MemoryUpdated);
}
