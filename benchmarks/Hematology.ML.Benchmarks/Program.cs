using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Hematology.ML.Benchmarks;

// In process: a separate benchmark process would be built from generated sources under this repository's
// warnings-as-errors settings, and would need the libLibTorchSharp.so fix applied to its own output.
// Short runs (1 launch, 3 warm-up and 3 timed iterations): each operation takes milliseconds to seconds,
// so minutes in all; benchmarks/results/performance.json holds the figures with more repetitions.
var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .WithArtifactsPath(Path.Combine(RepositoryFolder.Root, "benchmarks", "results", "BenchmarkDotNet"));
BenchmarkSwitcher.FromAssembly(typeof(RepositoryFolder).Assembly).Run(args, config);
