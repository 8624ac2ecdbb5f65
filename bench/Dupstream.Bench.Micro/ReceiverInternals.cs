using System.Reflection;
using Dupstream.Contracts;

namespace Dupstream.Bench.Micro;

/// <summary>
/// The receiver's pure steps (config loading, validation, rendering) are internal to dupstream-nginx, and this
/// benchmark may not change that project; reflection reaches them. The call overhead (well under a microsecond)
/// is included in the figures and small next to what is measured.
/// </summary>
internal static class ReceiverInternals
{
    private static readonly Assembly Receiver = Assembly.Load("dupstream-nginx");
    private static readonly MethodInfo LoadMethod = Method("Dupstream.Nginx.Configuration.ReceiverConfigLoader", "Load");
    private static readonly MethodInfo ValidateMethod = Method("Dupstream.Nginx.Flavours.Nginx.Validation.SnapshotValidator", "Validate");
    private static readonly MethodInfo RenderMethod = Method("Dupstream.Nginx.Flavours.Nginx.Rendering.UpstreamRenderer", "Render");

    /// <summary>Loads a config.json (in <c>ip</c> mode, one upstream file) written to a temporary folder.</summary>
    public static object LoadConfig(string directory)
    {
        File.WriteAllText(Path.Combine(directory, "config.json"), $$"""
            {"secret":"bench-secret","upstream_file":{"default":"{{directory}}/upstreams.conf"},"server_address":"ip",
             "hostsfile":"{{directory}}/hosts","nginx_test_command":"true","reload_nginx_command":"true","port":0,"listen_address":"127.0.0.1"}
            """);
        return Invoke(LoadMethod, Path.Combine(directory, "config.json"), (Func<string, string?>)(_ => null), true, directory);
    }

    // The third parameter (the host names the hosts file already gives) is optional; reflection must pass it: null is its default.
    public static object Validate(SwarmSnapshot snapshot, object config) => Invoke(ValidateMethod, snapshot, config, null);

    public static object Render(object validated, object config) => Invoke(RenderMethod, validated, config);

    private static object Invoke(MethodInfo method, params object?[] args) =>
        method.Invoke(null, args) ?? throw new InvalidOperationException($"{method.Name} returned null.");

    private static MethodInfo Method(string type, string name) =>
        Receiver.GetType(type, throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.Static).Single(m => m.Name == name);
}
