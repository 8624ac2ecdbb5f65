using Dupstream.Hosting;

return await DupstreamProgram.RunAsync(args, DupstreamProgram.ProcessEnvironment(), Console.Out, Console.Error).ConfigureAwait(false);
