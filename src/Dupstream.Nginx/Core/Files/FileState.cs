namespace Dupstream.Nginx.Core.Files;

/// <summary>A file as it was before an apply, so it can be put back exactly (or removed if it did not exist).</summary>
internal sealed record FileState(string Path, byte[]? Content, UnixFileMode? Mode)
{
    public bool Existed => Content is not null;

    public static FileState Read(string path)
    {
        try
        {
            var content = File.ReadAllBytes(path);
            return new FileState(path, content, OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(path));
        }
        catch (FileNotFoundException)
        {
            return new FileState(path, null, null);
        }
    }
}
