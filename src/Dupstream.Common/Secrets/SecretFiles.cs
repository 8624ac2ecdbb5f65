namespace Dupstream.Common.Secrets;

/// <summary>How secret files are reached: the disk, or in tests a dictionary.</summary>
public sealed record SecretFiles(Func<string, bool> Exists, Func<string, string> ReadText)
{
    public static SecretFiles Disk { get; } = new(File.Exists, File.ReadAllText);
}
