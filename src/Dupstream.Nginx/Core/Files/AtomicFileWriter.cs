namespace Dupstream.Nginx.Core.Files;

/// <summary>
/// Replaces a file's contents through a temp file beside it and a rename, so nginx never reads a
/// half-written file. The temp file is always removed. Where a rename cannot replace the file (a
/// bind-mounted /etc/hosts in a container answers EBUSY) it falls back to overwriting in place.
/// </summary>
internal static class AtomicFileWriter
{
    public static void Write(string path, byte[] content, UnixFileMode? mode)
    {
        var directory = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.dupstream.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } keep && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, keep);
            }

            try
            {
                File.Move(temp, path, overwrite: true);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.WriteAllBytes(path, content);
            }
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
