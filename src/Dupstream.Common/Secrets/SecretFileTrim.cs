namespace Dupstream.Common.Secrets;

/// <summary>What of a secret file's content is not part of the secret.</summary>
public enum SecretFileTrim
{
    /// <summary>Only the line ending editors and <c>echo</c> add (a shared secret may start or end with a space).</summary>
    LineEnding,

    /// <summary>All surrounding white space (as Consul's own client trims a token file).</summary>
    WhiteSpace,
}
