using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Dupstream.Bench.Micro;

/// <summary>
/// A short job (1 launch, 2 warm-ups, 6 measured iterations) run in-process: the whole set finishes in a few
/// minutes on two cores, precise enough to compare sizes and readers, not to chase single percents.
/// </summary>
internal static class MicroConfig
{
    public static IConfig Create() => ManualConfig.CreateEmpty()
        .AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(6)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("short"))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddExporter(MarkdownExporter.GitHub)
        .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
        .WithArtifactsPath(Path.Combine(Environment.GetEnvironmentVariable("DUPSTREAM_BENCH_OUT") ?? "bench/out", "micro"))
        .WithOptions(ConfigOptions.DisableLogFile);
}
