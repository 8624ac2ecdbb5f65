using Dupstream.Bench.Latency;

return await BenchCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
