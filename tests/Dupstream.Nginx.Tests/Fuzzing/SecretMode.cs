namespace Dupstream.Nginx.Tests.Fuzzing;

public enum SecretMode
{
    Right,
    Wrong,
    Missing,
    Twice,
}
