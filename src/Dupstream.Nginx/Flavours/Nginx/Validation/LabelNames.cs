namespace Dupstream.Nginx.Flavours.Nginx.Validation;

/// <summary>Service labels the receiver reads; the first four are the original's.</summary>
internal static class LabelNames
{
    public const string Prefix = "dupstream.upstream.prefix";
    public const string Suffix = "dupstream.upstream.suffix";
    public const string Ignore = "dupstream.ignore";
    public const string File = "dupstream.file";
    public const string Port = "dupstream.port";
}
