using Dupstream.Bench.Reloads;

return await ReloadsCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
