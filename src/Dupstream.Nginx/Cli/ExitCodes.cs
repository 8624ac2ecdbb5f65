namespace Dupstream.Nginx.Cli;

internal static class ExitCodes
{
    public const int Ok = 0;
    public const int BadInput = 1;
    public const int BadConfig = 2;
}
