using System.Reflection;
using System.Text.Json;
using Docker.DotNet;

namespace Dupstream.Bench.Micro;

/// <summary>Docker.DotNet.Enhanced's own (internal) serializer options, so the baseline parses exactly as the library does at run time.</summary>
internal static class LibraryJson
{
    public static JsonSerializerOptions Options { get; } = Load();

    private static JsonSerializerOptions Load()
    {
        var serializerType = typeof(DockerClient).Assembly.GetType("Docker.DotNet.JsonSerializer", throwOnError: true)!;
        var instance = serializerType.GetProperty("Instance", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null);
        return (JsonSerializerOptions)serializerType.GetField("_options", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(instance)!;
    }
}
