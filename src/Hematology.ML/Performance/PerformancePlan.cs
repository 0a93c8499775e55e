namespace Hematology.ML.Performance;

/// <summary>
/// How much work each part of the performance run does. <see cref="Full"/> gives figures worth quoting in a
/// few minutes on 2 cores; <see cref="Quick"/> runs every part on token amounts (a smoke test: all keys,
/// no trustworthy numbers) in well under a minute.
/// </summary>
/// <param name="Name"><c>full</c> or <c>quick</c>.</param>
/// <param name="BatchSize">Cells per batch for the models, and the largest ResNet-18 runtime batch.</param>
/// <param name="SingleCells">Cells classified one by one for the batch-of-one figures.</param>
/// <param name="Runs">Timed runs per figure (the median is kept).</param>
/// <param name="Warmups">Untimed runs before them (JIT, lazy initialisation, first-touch allocation).</param>
/// <param name="SmearCells">Cells in the benchmark smear.</param>
/// <param name="SmearRuns">Warm screens of the smear after the cold one.</param>
/// <param name="MatmulSize">Side of the square matrices of the peak measurement.</param>
/// <param name="NetworkBatch">Images per step for the network FLOP rates and training.</param>
/// <param name="NetworkSteps">Timed steps per network figure.</param>
internal sealed record PerformancePlan(string Name, int BatchSize, int SingleCells, int Runs, int Warmups, int SmearCells, int SmearRuns, int MatmulSize, int NetworkBatch, int NetworkSteps)
{
    /// <summary>The figures of benchmarks/README.md.</summary>
    public static PerformancePlan Full { get; } = new("full", BatchSize: 32, SingleCells: 8, Runs: 3, Warmups: 1, SmearCells: 200, SmearRuns: 5, MatmulSize: 2048, NetworkBatch: 16, NetworkSteps: 3);

    /// <summary>Every part once on little work: checks the run, not the machine.</summary>
    public static PerformancePlan Quick { get; } = new("quick", BatchSize: 2, SingleCells: 1, Runs: 1, Warmups: 0, SmearCells: 200, SmearRuns: 1, MatmulSize: 512, NetworkBatch: 2, NetworkSteps: 1);

    /// <summary>
    /// The networks measured for FLOPs, GFLOP/s and training: the shipped ones at their input, the
    /// ImageNet ResNet-18 of the runtime comparison, TorchVision's ResNet-18 (the usual 1.8 GMAC yardstick)
    /// and the thesis's model 1.
    /// </summary>
    public IReadOnlyList<NetworkCase> Networks =>
    [
        new("resnet18-mlnet", 128, 8, NetworkBatch),
        new("resnet18-mlnet-3stage", 80, 8, NetworkBatch),
        new("dysplasianet", 128, 2, NetworkBatch),
        new("resnet18-mlnet", 224, 8, NetworkBatch),
        new("resnet18", 224, 8, NetworkBatch),
        new("model1", 224, 8, NetworkBatch),
    ];

    /// <summary>Batch sizes of the ResNet-18 runtime comparison.</summary>
    public IReadOnlyList<int> RuntimeBatches => BatchSize > 1 ? [1, Math.Min(BatchSize, 16)] : [1];
}
