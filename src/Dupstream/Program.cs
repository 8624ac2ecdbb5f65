using Dupstream.Hosting;

return args is [HealthCommand.Name, .. var rest]
    ? await HealthCommand.RunAsync(rest, DupstreamProgram.ProcessEnvironment(), Console.Out, Console.Error).ConfigureAwait(false)
    : await DupstreamProgram.RunAsync(args, DupstreamProgram.ProcessEnvironment(), Console.Out, Console.Error).ConfigureAwait(false);
