namespace Dupstream.Nginx.Tests.Fuzzing;

public enum SignatureMode
{
    None,
    Valid,
    Stale,
    Garbage,
}
