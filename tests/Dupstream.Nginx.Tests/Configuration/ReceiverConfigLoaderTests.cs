using System.Net;
using Dupstream.Nginx.Configuration;
using Dupstream.Nginx.Tests.Support;

namespace Dupstream.Nginx.Tests.Configuration;

public sealed class ReceiverConfigLoaderTests
{
    private static ReceiverConfig Load(TempDirectory dir, string json, bool insecure = false, Dictionary<string, string>? env = null)
    {
        File.WriteAllText(dir.File("config.json"), json);
        return ReceiverConfigLoader.Load("config.json", name => env?.GetValueOrDefault(name), insecure, dir.Path);
    }

    private static string Error(TempDirectory dir, string json, bool insecure = false, Dictionary<string, string>? env = null) =>
        Assert.Throws<ConfigException>(() => Load(dir, json, insecure, env)).Message;

    [Fact]
    public void TheOriginalsSampleConfigLoadsWithItsDefaults()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """
            {
                "endpoint": "/lb",
                "secret": "a-real-secret",
                "upstream_file": { "default": "./docker-upstream-default.conf", "global": "./docker-upstream-global.conf" },
                "reload_nginx_config": true,
                "reload_nginx_command": "nginx -s reload",
                "sorted": true,
                "hostsfile": "/etc/hosts",
                "port": 9080,
                "upstream_default_prefix": "",
                "upstream_default_suffix": "",
                "upstream": { "always": true, "default": "localhost" }
            }
            """);
        Assert.Equal("/lb", config.Endpoint);
        Assert.Equal([new("default", dir.File("docker-upstream-default.conf")), new KeyValuePair<string, string>("global", dir.File("docker-upstream-global.conf"))], config.UpstreamFiles);
        Assert.Equal(9080, config.Port);
        Assert.Null(config.ListenAddress);
        Assert.Equal("nginx -t", config.NginxTestCommand);
        Assert.Equal(ServerAddressMode.Name, config.ServerAddress);
        Assert.Equal(8 * 1024 * 1024, config.MaxBodyBytes);
        Assert.True(config.UpstreamAlways);
        Assert.Equal("localhost", config.UpstreamDefault);
    }

    [Fact]
    public void EnvironmentOverridesPortAndHostsFile()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """{"secret":"x","port":1234,"hostsfile":"/etc/hosts"}""", env: new() { ["PORT"] = "5555", ["HOSTSFILE"] = "./myhosts" });
        Assert.Equal(5555, config.Port);
        Assert.Equal(dir.File("myhosts"), config.HostsFile);
    }

    [Fact]
    public void RefusesThePlaceholderSecretUnlessInsecure()
    {
        using var dir = new TempDirectory();
        const string json = """{"secret":"TYPE-YOUR-SECRET-HERE"}""";
        Assert.Contains("secret: still the placeholder", Error(dir, json), StringComparison.Ordinal);
        Assert.Equal(ReceiverConfig.PlaceholderSecret, Load(dir, json, insecure: true).Secret);
    }

    [Fact]
    public void RefusesNoSecretUnlessInsecure()
    {
        using var dir = new TempDirectory();
        Assert.Contains("secret: no secret", Error(dir, "{}"), StringComparison.Ordinal);
        Assert.Null(Load(dir, "{}", insecure: true).Secret);
    }

    [Theory]
    [InlineData("""{"secret":"x","port":"abc"}""", "port: must be a whole number")]
    [InlineData("""{"secret":"x","port":70000}""", "port: 70000")]
    [InlineData("""{"secret":"x","endpoint":"lb"}""", "endpoint:")]
    [InlineData("""{"secret":"x","sorted":"yes"}""", "sorted: must be true or false")]
    [InlineData("""{"secret":"x","upstream_file":{"default":"./nodir/x.conf"}}""", "upstream_file.default: the directory")]
    [InlineData("""{"secret":"x","upstream_file":{"a":"./x.conf","b":"x.conf"}}""", "upstream_file.b:")]
    [InlineData("""{"secret":"x","upstream_file":{"default":"./hosts"},"hostsfile":"./hosts"}""", "hostsfile:")]
    [InlineData("""{"secret":"x","upstream_file":{}}""", "upstream_file: names no file")]
    [InlineData("""{"secret":"x","upstream_default_prefix":"ip_hash; }"}""", "upstream_default_prefix: contains a brace")]
    [InlineData("""{"secret":"x","upstream_default_suffix":"server evil:1;"}""", "upstream_default_suffix: directive 'server'")]
    [InlineData("""{"secret":"x","upstream":{"default":"bad host"}}""", "upstream.default:")]
    [InlineData("""{"secret":"x","upstream":{"always":1}}""", "upstream.always: must be true or false")]
    [InlineData("""{"secret":"x","server_address":"dns"}""", "server_address:")]
    [InlineData("""{"secret":"x","max_body_bytes":0}""", "max_body_bytes:")]
    [InlineData("""{"secret":"x","listen_address":"localhost"}""", "listen_address:")]
    [InlineData("""{"secret":"x","nginx_test_command":""}""", "nginx_test_command:")]
    [InlineData("""{"secret":"x","reload_nginx_command":" "}""", "reload_nginx_command:")]
    [InlineData("""{"secret":"x","allowed_upstream_directives":["ip_hash","Bad Name"]}""", "allowed_upstream_directives:")]
    [InlineData("""{"secret":"x",""", "not valid JSON")]
    public void AWrongSettingIsNamed(string json, string expected)
    {
        using var dir = new TempDirectory();
        Assert.Contains(expected, Error(dir, json), StringComparison.Ordinal);
    }

    [Fact]
    public void ABadPortEnvironmentVariableIsNamed()
    {
        using var dir = new TempDirectory();
        Assert.Contains("PORT: 'x'", Error(dir, """{"secret":"x"}""", env: new() { ["PORT"] = "x" }), StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingConfigFileIsNamed()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<ConfigException>(() => ReceiverConfigLoader.Load("nope.json", _ => null, false, dir.Path)).Message;
        Assert.Contains(dir.File("nope.json"), error, StringComparison.Ordinal);
    }

    [Fact]
    public void NewKeysAreRead()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """
            {"secret":"x","server_address":"ip","listen_address":"127.0.0.1","max_body_bytes":1000,
             "nginx_test_command":"nginx -t -q","allowed_upstream_directives":["ntlm","ip_hash"],"command_timeout_seconds":5}
            """);
        Assert.Equal(ServerAddressMode.Ip, config.ServerAddress);
        Assert.Equal(IPAddress.Loopback, config.ListenAddress);
        Assert.Equal(1000, config.MaxBodyBytes);
        Assert.Equal("nginx -t -q", config.NginxTestCommand);
        Assert.Equal(new HashSet<string> { "ntlm", "ip_hash" }, config.AllowedUpstreamDirectives);
        Assert.Equal(TimeSpan.FromSeconds(5), config.CommandTimeout);
    }
}
