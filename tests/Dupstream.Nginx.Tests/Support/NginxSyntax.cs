using System.Diagnostics;

namespace Dupstream.Nginx.Tests.Support;

/// <summary>
/// Debian's real nginx, used only for <c>nginx -t</c>: a private prefix whose nginx.conf includes the
/// given files inside <c>http {}</c>, exactly where a user includes the receiver's upstream files.
/// </summary>
public sealed class NginxSyntax : IDisposable
{
    public const string Binary = "/usr/sbin/nginx";

    private readonly TempDirectory prefix = new();

    public NginxSyntax(IEnumerable<string> includedFiles)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing; install Debian's nginx (test.sh does).");
        Directory.CreateDirectory(prefix.File("tmp"));
        var includes = string.Concat(includedFiles.Select(f => $"    include {f};\n"));
        File.WriteAllText(ConfPath, $$"""
            pid {{prefix.File("nginx.pid")}};
            error_log {{prefix.File("error.log")}} warn;
            events { worker_connections 16; }
            http {
                access_log off;
                client_body_temp_path {{prefix.File("tmp")}}/body;
                proxy_temp_path {{prefix.File("tmp")}}/proxy;
                fastcgi_temp_path {{prefix.File("tmp")}}/fastcgi;
                uwsgi_temp_path {{prefix.File("tmp")}}/uwsgi;
                scgi_temp_path {{prefix.File("tmp")}}/scgi;
            {{includes}}}

            """);
    }

    public string ConfPath => prefix.File("nginx.conf");

    /// <summary>The command line the receiver runs as its nginx test command.</summary>
    public string TestCommand => $"{Binary} -t -q -p {prefix.Path}/ -c {ConfPath}";

    public async Task<(int ExitCode, string Error)> TestAsync()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["-t", "-q", "-p", prefix.Path + "/", "-c", ConfPath])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, (await error).Trim());
    }

    public void Dispose() => prefix.Dispose();
}
