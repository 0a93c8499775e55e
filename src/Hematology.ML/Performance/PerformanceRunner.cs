using System.Diagnostics;
using System.Reflection;
using Hematology.ML.Datasets;
using Hematology.ML.Imaging;
using Hematology.ML.Models;
using Hematology.ML.Runtime;
using Hematology.ML.Screening;
using static TorchSharp.torch;

namespace Hematology.ML.Performance;

/// <summary>What a performance run measures and where its inputs are.</summary>
/// <param name="Plan">Amounts of work (<see cref="PerformancePlan.Full"/> or <see cref="PerformancePlan.Quick"/>).</param>
/// <param name="Catalog">The shipped models.</param>
/// <param name="CellsFolder">Cell images for the model timings (the shipped originals: real decode cost).</param>
/// <param name="SmearSources">Folders the benchmark smear is copied from, in order.</param>
/// <param name="WorkFolder">Where the benchmark smear is written.</param>
/// <param name="Device">Where TorchSharp networks run: cpu, cuda, cuda:N.</param>
/// <param name="Threads">Intra-op threads of libtorch and of the compared ONNX Runtime session (0: every core).</param>
internal sealed record PerformanceOptions(PerformancePlan Plan, ModelCatalog Catalog, string CellsFolder, IReadOnlyList<string> SmearSources, string WorkFolder,
    string Device = "cpu", int Threads = 0);

/// <summary>
/// The performance run behind benchmarks/README.md (issue 6): the 200-cell smear screened end to end,
/// the matmul peak, cells per second of every shipped model by stage, the ImageNet ResNet-18 in ONNX
/// Runtime and in TorchSharp, and FLOPs, achieved GFLOP/s and training speed by thread count of each network.
/// </summary>
internal sealed class PerformanceRunner(PerformanceOptions options)
{
    /// <summary>Steps <see cref="Run"/> reports progress in.</summary>
    public int Stages => 2 + ModelsToTime().Count + 1 + 1 + options.Plan.Networks.Count;

    /// <summary>Runs everything; <paramref name="progress"/> hears of each finished step (see <see cref="Stages"/>).</summary>
    public PerformanceReport Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var plan = options.Plan;
        var device = TorchRuntime.EnsureInitialized(options.Device);
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        set_num_threads(threads);
        var done = 0;
        var stageSeconds = new Dictionary<string, double>();
        var stageClock = Stopwatch.StartNew();
        void Step() => progress?.Report(++done);
        void StageDone(string stage)
        {
            stageSeconds[stage] = stageClock.Elapsed.TotalSeconds;
            stageClock.Restart();
        }

        // The smear first, while nothing has run yet: its cold run is then a real first screen.
        var smear = BenchmarkSmear.Build(options.SmearSources, plan.SmearCells, Path.Combine(options.WorkFolder, $"smear-{plan.SmearCells}"));
        var screening = SmearScreeningTime.Measure(() => ScreeningModels.Resolve(device: options.Device, catalog: options.Catalog), smear, plan.SmearRuns, cancellationToken);
        Step();
        StageDone("smear_screening");

        var peak = MeasurePeak(device, threads, cancellationToken);
        Step();
        StageDone("matmul_peak");

        var cells = CellImageFolder.FromPaths([options.CellsFolder]).Samples.Select(s => s.Path).ToArray();
        if (cells.Length == 0) throw new HematologyException($"No cell images in '{options.CellsFolder}' to time the models on.");
        var models = new List<CellModelSpeed>();
        foreach (var (name, load) in ModelsToTime())
        {
            using var stages = load();
            models.Add(CellModelThroughput.Measure(name, stages, cells, plan, cancellationToken));
            Step();
        }
        StageDone("models");

        var images = cells.Take(plan.RuntimeBatches.Max()).Select(CellImageDecoder.Decode).ToArray();
        var runtimes = ResNet18RuntimeComparison.Measure(images, plan.RuntimeBatches, threads, device, plan.Runs, plan.Warmups, cancellationToken);
        Step();
        StageDone("resnet18_runtimes");

        // Thread scaling means something on the CPU only; on a GPU the host threads barely matter.
        int[] trainingThreads = device.type == TorchSharp.DeviceType.CPU ? [.. new[] { 1, threads }.Distinct()] : [threads];
        var networks = new List<NetworkSpeed>();
        foreach (var networkCase in plan.Networks)
        {
            networks.Add(NetworkSpeed.Measure(networkCase, device, peak.Gflops, plan.NetworkSteps, trainingThreads, plan.Warmups, cancellationToken));
            Step();
        }
        StageDone("networks");

        var software = new SoftwareDescription(
            typeof(Tensor).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown",
            OnnxResNet18Session.RuntimeVersion, TorchRuntime.AllocatorOutcome?.ToString() ?? "unknown", get_num_threads());
        return new PerformanceReport(plan.Name == PerformancePlan.Quick.Name, device.ToString(), threads, plan, MachineDescription.Current(), software, peak,
            screening, models, runtimes, networks, stageSeconds, clock.Elapsed.TotalSeconds);
    }

    // Every shipped model (cell classifiers and DysplasiaNet), then the deep-feature path alone.
    private IReadOnlyList<(string Name, Func<CellModelStages> Load)> ModelsToTime() =>
        options.Catalog.Models.Where(m => m.IsCellClassifier || m.Kind == DysplasiaModels.Kind)
            .Select(m => (m.Name, (Func<CellModelStages>)(() => CellModelStages.Of(options.Catalog.LoadClassifier(m.Name, options.Device), ownsClassifier: true))))
            .Append(("deep-features", CellModelStages.DeepFeatures))
            .ToArray();

    private MatmulPeakResult MeasurePeak(Device device, int threads, CancellationToken cancellationToken)
    {
        var byThreads = new List<ThreadedGflops>();
        try
        {
            foreach (var n in new[] { 1, threads }.Distinct())
            {
                set_num_threads(n);
                byThreads.Add(new ThreadedGflops(n, MatmulPeak.MeasureGflops(options.Plan.MatmulSize, device, cancellationToken: cancellationToken)));
            }
        }
        finally
        {
            set_num_threads(threads);
        }
        return new MatmulPeakResult(options.Plan.MatmulSize, byThreads, byThreads[^1].Gflops);
    }
}
