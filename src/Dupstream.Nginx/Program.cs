using Dupstream.Nginx.Cli;

return await ReceiverCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
