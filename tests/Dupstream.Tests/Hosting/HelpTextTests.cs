using System.CommandLine;
using Dupstream.Hosting;
using Dupstream.Targets;
using Dupstream.Tests.Support;

namespace Dupstream.Tests.Hosting;

/// <summary>--help: the shared variables as written, each target kind's variables taken from the kind.</summary>
public class HelpTextTests
{
    private static string Help(CommandLineDefinition commandLine)
    {
        using var output = new StringWriter();
        var code = commandLine.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });
        Assert.Equal(0, code);
        return output.ToString();
    }

    public static TheoryData<string, string> KindVariables()
    {
        var data = new TheoryData<string, string>();
        foreach (var kind in TargetKinds.All)
        {
            foreach (var variable in kind.Variables)
            {
                data.Add(kind.Name, variable.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(KindVariables))]
    public void Every_variable_of_every_kind_is_on_its_kinds_line(string kind, string variable)
    {
        var line = Help(new CommandLineDefinition()).Split('\n').Single(l => l.TrimStart().StartsWith(kind + ": ", StringComparison.Ordinal));

        Assert.Contains(variable, line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kinds_variables_are_listed_with_their_help_in_the_kinds_order()
    {
        var help = Help(new CommandLineDefinition());

        Assert.Contains(
            "  http: DUPSTREAM_SERVICE_URL (URLs separated by '|'), DUPSTREAM_SERVICE_SECRET (sent as X-SECRET, and the key of X-Dupstream-Signature), "
            + "DUPSTREAM_SERVICE_SECRET_FILE (DUPSTREAM_SERVICE_SECRET read from a file), DUPSTREAM_SIGNATURE_ONLY (true: send only the signature, never the secret), "
            + "DUPSTREAM_CA_FILE (extra CAs for https targets).",
            help,
            StringComparison.Ordinal);
        Assert.Contains("  consul: CONSUL_HTTP_ADDR (default 127.0.0.1:8500), CONSUL_HTTP_SSL (true: https), CONSUL_HTTP_TOKEN, ", help, StringComparison.Ordinal);
        Assert.True(help.IndexOf("  http: ", StringComparison.Ordinal) < help.IndexOf("  consul: ", StringComparison.Ordinal), help);
    }

    [Fact]
    public void A_kind_added_to_the_list_brings_its_line_and_its_name()
    {
        IReadOnlyList<ITargetKind> kinds = [.. TargetKinds.All, new StubTargetKind("kafka", new("KAFKA_BROKERS", "host:port separated by ','"), new("KAFKA_TOPIC"))];

        var help = Help(new CommandLineDefinition(kinds));

        Assert.Contains("  kafka: KAFKA_BROKERS (host:port separated by ','), KAFKA_TOPIC.", help, StringComparison.Ordinal);
        Assert.Contains("DUPSTREAM_SERVICE (target kinds separated by ',' among http, consul, kafka; default http)", help, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shared_variables_and_exit_codes_stay()
    {
        var help = Help(new CommandLineDefinition());

        Assert.Contains("DUPSTREAM_PERIOD (seconds, default 3), DUPSTREAM_SERVICE_TIMEOUT (seconds, default 5), DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH.", help, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 0 done, 1 --once could not read the swarm, 2 bad flags or configuration.", help, StringComparison.Ordinal);
        Assert.Contains("dupstream health:", help, StringComparison.Ordinal);
    }
}
