using Dupstream.Bench.Scale;

return await ScaleCommandLine.Build().Parse(args).InvokeAsync().ConfigureAwait(false);
