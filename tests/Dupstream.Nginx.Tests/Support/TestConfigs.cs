using System.Text.Json;
using System.Text.Json.Nodes;
using Dupstream.Nginx.Configuration;

namespace Dupstream.Nginx.Tests.Support;

/// <summary>Configs for tests, written the way users write them (config.json) and loaded by the real loader.</summary>
public static class TestConfigs
{
    internal static ReceiverConfig Load(TempDirectory dir, JsonObject overrides, bool insecure = false)
    {
        var config = new JsonObject
        {
            ["secret"] = "s3cret",
            ["upstream_file"] = new JsonObject { ["default"] = "./default.conf", ["global"] = "./global.conf" },
            ["hostsfile"] = "./hosts",
            ["nginx_test_command"] = "true",
            ["reload_nginx_command"] = "echo reload >> reloads.txt",
            ["port"] = 0,
            ["listen_address"] = "127.0.0.1",
        };
        foreach (var (key, value) in overrides)
        {
            config[key] = value?.DeepClone();
        }

        var path = dir.File("config.json");
        File.WriteAllText(path, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return ReceiverConfigLoader.Load(path, _ => null, insecure, dir.Path);
    }
}
