namespace Dupstream.IntegrationTests.Lab;

/// <summary>
/// The folder holding Dupstream.sln. Tests run from bin/…, but the lab scripts live in the
/// repository, so they are found by walking up instead of by a path baked into the build.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Dupstream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No Dupstream.sln found in {AppContext.BaseDirectory} or any folder above it; run the tests from inside the repository.");
    }
}
