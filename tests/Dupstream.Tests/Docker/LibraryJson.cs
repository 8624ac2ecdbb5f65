using System.Reflection;
using System.Text.Json;
using Docker.DotNet;

namespace Dupstream.Tests.Docker;

/// <summary>
/// Deserialises recorded engine JSON exactly as Docker.DotNet.Enhanced does at run time. The library keeps its
/// System.Text.Json options internal (Docker.DotNet.JsonSerializer.Instance._options); reflection reaches them so the
/// recordings go through the same converters (enum members, dates, nanosecond spans) as live responses.
/// </summary>
internal static class LibraryJson
{
    private static readonly Lazy<JsonSerializerOptions> Options = new(() =>
    {
        var serializerType = typeof(DockerClient).Assembly.GetType("Docker.DotNet.JsonSerializer", throwOnError: true)!;
        var instance = serializerType.GetProperty("Instance", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);
        var options = serializerType.GetField("_options", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(instance);
        return (JsonSerializerOptions)options!;
    });

    public static T Deserialize<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Options.Value) ?? throw new InvalidDataException($"{path} holds JSON null.");

    public static T DeserializeText<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options.Value) ?? throw new InvalidDataException("JSON null.");
}
