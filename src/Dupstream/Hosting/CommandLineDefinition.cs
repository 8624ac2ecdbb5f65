using System.CommandLine;
using Dupstream.Configuration;

namespace Dupstream.Hosting;

/// <summary>The command line: three flags of our own, plus --help and --version from System.CommandLine.</summary>
internal sealed class CommandLineDefinition
{
    public CommandLineDefinition()
    {
        Root = new RootCommand(
            "dupstream: watches a Docker Swarm and POSTs its nodes and published services as JSON to the URLs in DUPSTREAM_SERVICE_URL,\n"
            + "and/or keeps a Consul catalog in step with it.\n"
            + "Environment: DUPSTREAM_SERVICE (http, consul or http,consul), DUPSTREAM_SERVICE_URL (URLs separated by '|'), DUPSTREAM_SERVICE_SECRET (sent as X-SECRET, and the key of X-Dupstream-Signature)\n"
            + "or DUPSTREAM_SERVICE_SECRET_FILE (read from a file), DUPSTREAM_CA_FILE (extra CAs for https targets),\n"
            + "DUPSTREAM_PERIOD (seconds, default 3), DUPSTREAM_SERVICE_TIMEOUT (seconds, default 5), DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH,\n"
            + "CONSUL_HTTP_ADDR (default 127.0.0.1:8500), CONSUL_HTTP_SSL, CONSUL_HTTP_TOKEN or CONSUL_HTTP_TOKEN_FILE, CONSUL_CACERT.\n"
            + "Exit codes: 0 done, 1 --once could not read the swarm, 2 bad flags or configuration.\n"
            + "dupstream health: asks the running watcher's /healthz; exit 0 healthy, 1 not.")
        {
            Always,
            Debug,
            Once,
        };
    }

    public RootCommand Root { get; }

    public Option<bool> Always { get; } = new("--always") { Description = "Send the current snapshot to every target every period, even when nothing changed." };

    public Option<bool> Debug { get; } = new("--debug") { Description = "Log every snapshot body that is sent (never the secret)." };

    public Option<bool> Once { get; } = new("--once") { Description = "Print one snapshot as indented JSON on stdout and exit; needs no URL." };

    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    public CommandLineFlags FlagsOf(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new CommandLineFlags(result.GetValue(Always), result.GetValue(Debug), result.GetValue(Once));
    }
}
