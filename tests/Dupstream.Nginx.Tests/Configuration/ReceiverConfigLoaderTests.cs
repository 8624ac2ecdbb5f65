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
        Assert.Equal("/lb", config.Listening.Endpoint);
        Assert.Equal([new("default", dir.File("docker-upstream-default.conf")), new KeyValuePair<string, string>("global", dir.File("docker-upstream-global.conf"))], config.Output.UpstreamFiles);
        Assert.Equal(9080, config.Listening.Port);
        Assert.Null(config.Listening.ListenAddress);
        Assert.Equal("nginx -t", config.Commands.NginxTestCommand);
        Assert.Equal(ServerAddressMode.Name, config.Output.ServerAddress);
        Assert.Equal(8 * 1024 * 1024, config.Limits.MaxBodyBytes);
        Assert.True(config.Output.UpstreamAlways);
        Assert.Equal("localhost", config.Output.UpstreamDefault);
    }

    [Fact]
    public void EnvironmentOverridesPortAndHostsFile()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """{"secret":"x","port":1234,"hostsfile":"/etc/hosts"}""", env: new() { ["PORT"] = "5555", ["HOSTSFILE"] = "./myhosts" });
        Assert.Equal(5555, config.Listening.Port);
        Assert.Equal(dir.File("myhosts"), config.Hosts.HostsFile);
    }

    [Fact]
    public void RefusesThePlaceholderSecretUnlessInsecure()
    {
        using var dir = new TempDirectory();
        const string json = """{"secret":"TYPE-YOUR-SECRET-HERE"}""";
        Assert.Contains("secret: still the placeholder", Error(dir, json), StringComparison.Ordinal);
        Assert.Equal(SecuritySettings.PlaceholderSecret, Load(dir, json, insecure: true).Security.Secret);
    }

    [Fact]
    public void RefusesNoSecretUnlessInsecure()
    {
        using var dir = new TempDirectory();
        Assert.Contains("secret: no secret", Error(dir, "{}"), StringComparison.Ordinal);
        Assert.Null(Load(dir, "{}", insecure: true).Security.Secret);
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
    [InlineData("""{"secret":"x","signature_window_seconds":0}""", "signature_window_seconds: 0 must be at least 1")]
    [InlineData("""{"secret":"x","require_signature":"yes"}""", "require_signature: must be true or false")]
    [InlineData("""{"secret":"x","max_removed_share":1.5}""", "max_removed_share: 1.5 must be between 0 and 1")]
    [InlineData("""{"secret":"x","max_removed_share":-0.1}""", "max_removed_share: -0.1 must be between 0 and 1")]
    [InlineData("""{"secret":"x","max_removed_share":"half"}""", "max_removed_share: must be a number")]
    [InlineData("""{"secret":"x","tls_certificate":"./cert.pem"}""", "tls_key: missing; tls_certificate is set")]
    [InlineData("""{"secret":"x","tls_key":"./key.pem"}""", "tls_certificate: missing; tls_key is set")]
    [InlineData("""{"secret":"x","tls_certificate":"./nope.pem","tls_key":"./nokey.pem"}""", "tls_certificate: '")]
    [InlineData("""{"secret_file":"./missing-secret"}""", "missing-secret' does not exist.")]
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
    public void SecurityKeysHaveSafeDefaults()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """{"secret":"x"}""");
        Assert.Equal(TimeSpan.FromSeconds(300), config.Security.SignatureWindow);
        Assert.False(config.Security.RequireSignature);
        Assert.False(config.Listening.UsesTls);
        Assert.Null(config.Guard.MaxRemovedShare);
    }

    [Theory]
    [InlineData("from-file\n")]
    [InlineData("from-file\r\n")]
    [InlineData("from-file")]
    public void SecretFileIsReadWithoutItsTrailingNewline(string content)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), content);
        Assert.Equal("from-file", Load(dir, """{"secret_file":"./secret"}""").Security.Secret);
    }

    [Fact]
    public void ASecretGivenBothWaysAnEmptySecretFileOrAPlaceholderInItAreNamed()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), "from-file\n");
        Assert.Contains("secret and secret_file are both set; set only one of them.", Error(dir, """{"secret":"inline","secret_file":"./secret"}"""), StringComparison.Ordinal);
        File.WriteAllText(dir.File("empty"), "\n");
        Assert.Contains($"secret_file: '{dir.File("empty")}' is empty", Error(dir, """{"secret_file":"./empty"}"""), StringComparison.Ordinal);
        File.WriteAllText(dir.File("placeholder"), "TYPE-YOUR-SECRET-HERE\n");
        Assert.Contains("secret_file: still the placeholder", Error(dir, """{"secret_file":"./placeholder"}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void RequireSignatureNeedsASecret()
    {
        using var dir = new TempDirectory();
        Assert.Contains("require_signature: true needs a secret", Error(dir, """{"require_signature":true}""", insecure: true), StringComparison.Ordinal);
    }

    [Fact]
    public void TlsFilesMustLoadAsAMatchingPair()
    {
        using var dir = new TempDirectory();
        using var one = Api.TlsTests.WritePem(dir, "cert.pem", "key.pem");
        using var other = Api.TlsTests.WritePem(dir, "other-cert.pem", "other-key.pem");
        File.WriteAllText(dir.File("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var config = Load(dir, """{"secret":"x","tls_certificate":"./cert.pem","tls_key":"key.pem"}""");
        Assert.Equal(dir.File("cert.pem"), config.Listening.TlsCertificatePath);
        Assert.Equal(dir.File("key.pem"), config.Listening.TlsKeyPath);
        Assert.Contains("tls_certificate, tls_key: cannot load", Error(dir, """{"secret":"x","tls_certificate":"./cert.pem","tls_key":"./other-key.pem"}"""), StringComparison.Ordinal);
        Assert.Contains("tls_certificate, tls_key: cannot load", Error(dir, """{"secret":"x","tls_certificate":"./garbage.pem","tls_key":"./key.pem"}"""), StringComparison.Ordinal);
    }

    [Fact]
    public void NewKeysAreRead()
    {
        using var dir = new TempDirectory();
        var config = Load(dir, """
            {"secret":"x","server_address":"ip","listen_address":"127.0.0.1","max_body_bytes":1000,
             "nginx_test_command":"nginx -t -q","allowed_upstream_directives":["ntlm","ip_hash"],"command_timeout_seconds":5,
             "signature_window_seconds":30,"require_signature":true,"max_removed_share":0.25}
            """);
        Assert.Equal(ServerAddressMode.Ip, config.Output.ServerAddress);
        Assert.Equal(IPAddress.Loopback, config.Listening.ListenAddress);
        Assert.Equal(1000, config.Limits.MaxBodyBytes);
        Assert.Equal("nginx -t -q", config.Commands.NginxTestCommand);
        Assert.Equal(new HashSet<string> { "ntlm", "ip_hash" }, config.Output.AllowedUpstreamDirectives);
        Assert.Equal(TimeSpan.FromSeconds(5), config.Limits.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), config.Security.SignatureWindow);
        Assert.True(config.Security.RequireSignature);
        Assert.Equal(0.25, config.Guard.MaxRemovedShare);
    }

    [Theory]
    [InlineData("""{"secret":"x","require_signatures":true}""", "require_signatures: not a setting of dupstream-nginx (did you mean 'require_signature'?); remove it or fix its name.")]
    [InlineData("""{"secret":"x","Port":80}""", "Port: not a setting of dupstream-nginx (did you mean 'port'?); remove it or fix its name.")]
    [InlineData("""{"secret":"x","colour":"blue"}""", "colour: not a setting of dupstream-nginx; remove it or fix its name.")]
    [InlineData("""{"secret":"x","upstream":{"allways":false}}""", "upstream.allways: not a setting of dupstream-nginx (did you mean 'upstream.always'?); remove it or fix its name.")]
    public void AnUnknownKeyStopsTheStartNamingIt(string json, string expected)
    {
        using var dir = new TempDirectory();
        Assert.Equal($"{dir.File("config.json")}: {expected}", Error(dir, json));
    }

    [Fact]
    public void SecretAndSecretFileTogetherGiveOneLine()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("secret"), "from-file\n");
        var message = Error(dir, """{"secret":"inline","secret_file":"./secret","require_signature":true}""");
        Assert.Equal($"{dir.File("config.json")}: secret and secret_file are both set; set only one of them.", message);
    }
}
