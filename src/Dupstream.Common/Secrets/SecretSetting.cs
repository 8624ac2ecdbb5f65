namespace Dupstream.Common.Secrets;

/// <summary>A secret that is given directly (<paramref name="ValueName"/>) or, Docker secrets style, as a file (<paramref name="FileName"/>).</summary>
/// <param name="ValueName">The setting holding the secret itself, named in errors.</param>
/// <param name="FileName">The setting holding the file's path, named in errors.</param>
public sealed record SecretSetting(string ValueName, string FileName, SecretFileTrim FileTrim);
