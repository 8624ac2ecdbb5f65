namespace Dupstream.Nginx.Configuration;

/// <summary>Reads and checks <c>reload_nginx_config</c>, <c>reload_nginx_command</c> and <c>nginx_test_command</c>.</summary>
internal static class CommandSettingsReader
{
    public static CommandSettings Read(SettingsSource source)
    {
        var (reader, errors) = (source.Reader, source.Errors);
        var defaults = new CommandSettings();
        var reload = reader.Bool("reload_nginx_config") ?? defaults.ReloadNginxConfig;
        var reloadCommand = reader.String("reload_nginx_command") ?? defaults.ReloadNginxCommand;
        if (reload && string.IsNullOrWhiteSpace(reloadCommand))
        {
            errors.Add("reload_nginx_command: empty while reload_nginx_config is true.");
        }

        var testCommand = reader.String("nginx_test_command") ?? defaults.NginxTestCommand;
        if (string.IsNullOrWhiteSpace(testCommand))
        {
            errors.Add("nginx_test_command: must not be empty (use \"true\" to skip the test, at your own risk).");
        }

        return new CommandSettings { ReloadNginxConfig = reload, ReloadNginxCommand = reloadCommand, NginxTestCommand = testCommand };
    }
}
