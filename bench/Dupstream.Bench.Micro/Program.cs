using BenchmarkDotNet.Running;
using Dupstream.Bench.Micro;

BenchmarkSwitcher.FromAssembly(typeof(MicroConfig).Assembly).Run(args, MicroConfig.Create());
